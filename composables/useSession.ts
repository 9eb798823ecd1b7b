/** The signed-in user and organization as `/api/v1/auth/me` answers them. */
export interface SessionData {
  user: { id: string, email: string, name: string, role: 'owner' | 'admin' | 'member' | 'viewer', locale: 'de' | 'en' }
  organization: { id: string, name: string, settings: { defaultCurrency: string, defaultLocale: 'de' | 'en' } }
}

export function useSession() {
  const { data } = useAuth()
  return computed(() => (data.value as { data?: SessionData } | null)?.data ?? null)
}

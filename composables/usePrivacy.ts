/** Whether the signed-in user is an admin or owner (DSGVO exports, erasure, retention). */
export function useIsAdmin() {
  const session = useSession()
  return computed(() => session.value?.user.role === 'owner' || session.value?.user.role === 'admin')
}

/** Downloads a binary API answer (a zip) as a file, with the signed-in user's token. */
export async function downloadFromApi(url: string, fallbackName: string): Promise<void> {
  const { token } = useSharedAuth()
  const res = await fetch(url, { headers: token.value ? { authorization: token.value } : {} })
  if (!res.ok) {
    const body = await res.json().catch(() => null)
    throw Object.assign(new Error(`download failed: ${res.status}`), { data: body, statusCode: res.status })
  }
  const name = res.headers.get('content-disposition')?.match(/filename="([^"]+)"/)?.[1] ?? fallbackName
  const href = URL.createObjectURL(await res.blob())
  const link = document.createElement('a')
  link.href = href
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}

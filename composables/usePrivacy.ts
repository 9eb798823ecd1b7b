/** Whether the signed-in user is an admin or owner (DSGVO exports, erasure, retention). */
export function useIsAdmin() {
  const session = useSession()
  return computed(() => session.value?.user.role === 'owner' || session.value?.user.role === 'admin')
}

/** Downloads a binary API answer (a zip) as a file named as the server says, with the signed-in user's token. */
export async function downloadFromApi(url: string, fallbackName: string): Promise<void> {
  let name = fallbackName
  const blob = await $api<never>(url, {
    responseType: 'blob',
    onResponse: ({ response }) => {
      name = response.headers.get('content-disposition')?.match(/filename="([^"]+)"/)?.[1] ?? fallbackName
    },
    // A refusal is the JSON error envelope, not a file: read it so callers see its code.
    onResponseError: async ({ response }) => {
      response._data = await (response._data as Blob).text().then(text => JSON.parse(text)).catch(() => null)
    },
  }) as unknown as Blob
  saveBlob(blob, name)
}

/** Saves a downloaded file in the browser under `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  // Some browsers read the object URL after click() returns; revoking it at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

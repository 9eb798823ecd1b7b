/** Where a notification leads in the app; the emails and the in-app list link alike. */
export function recordPath(recordType: string | null, recordId: string | null): string {
  const paths: Record<string, string> = { contact: '/contacts/', company: '/companies/', deal: '/deals/', activity: '/activities?open=', import: '/imports?open=' }
  return recordType && recordId && paths[recordType] ? `${paths[recordType]}${recordId}` : '/notifications'
}

import type { z } from 'zod'
import type { organizationDeletion, session, unreadCount } from './schemas/responses'

/**
 * What a server-rendered page of a signed-in person reads with the page request itself
 * (server/middleware/06.page-state.ts) instead of three in-process API calls, each in the
 * shape its API route answers, under the URL that route has, so the app's reads of those
 * URLs find it (plugins/page-state.server.ts).
 */
export interface PageState {
  session: z.infer<typeof session>
  /** Absent while the person must still set up a second factor: the API refuses them these. */
  unread?: z.infer<typeof unreadCount>
  deletion?: z.infer<typeof organizationDeletion>
}

export const PAGE_STATE_URLS = {
  session: '/api/v1/auth/me',
  unread: '/api/v1/notifications/unread-count',
  deletion: '/api/v1/organization/deletion',
} as const satisfies Record<keyof PageState, string>

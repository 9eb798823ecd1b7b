import type { ImportStatus } from '~~/shared/schemas/import'
import type { ImportPreviewRow, ImportRecord } from '~~/shared/schemas/responses'

/** An import as the API answers it: the one definition, shared with the server. */
export type ImportView = ImportRecord
export type PreviewRow = ImportPreviewRow

/** "4 created, 0 updated, 2 skipped, 3 rejected" in the user's language. */
export function importSummary(t: (key: string, values: Record<string, unknown>) => string, view: ImportView): string {
  return t('imports.summary', { created: view.createdCount, updated: view.updatedCount, skipped: view.skippedCount, rejected: view.rejectedCount })
}

/** The tag colour of a status. */
export function statusSeverity(status: ImportStatus): string {
  return ({ completed: 'success', running: 'info', failed: 'danger', interrupted: 'warn', reverted: 'secondary', cancelled: 'secondary' } as Record<string, string>)[status] ?? 'contrast'
}

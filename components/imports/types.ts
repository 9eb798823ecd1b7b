import type { ImportDuplicateMode, ImportEntity, ImportStatus } from '~~/shared/schemas/import'

/** An import as GET /api/v1/imports/:id answers it (the fields the page reads). */
export interface ImportView {
  id: string
  entity: ImportEntity
  status: ImportStatus
  fileName: string
  encoding: string
  delimiter: string
  headers: string[]
  mapping: Record<string, string>
  duplicateMode: ImportDuplicateMode
  totalRows: number | null
  rowsDone: number
  createdCount: number
  updatedCount: number
  skippedCount: number
  rejectedCount: number
  failure: string | null
  createdAt: string
}
export interface PreviewRow { line: number, cells: Record<string, string>, valid: boolean, reasons: string[] }

/** "4 created, 0 updated, 2 skipped, 3 rejected" in the user's language. */
export function importSummary(t: (key: string, values: Record<string, unknown>) => string, view: ImportView): string {
  return t('imports.summary', { created: view.createdCount, updated: view.updatedCount, skipped: view.skippedCount, rejected: view.rejectedCount })
}

/** The tag colour of a status. */
export function statusSeverity(status: ImportStatus): string {
  return ({ completed: 'success', running: 'info', failed: 'danger', interrupted: 'warn', reverted: 'secondary', cancelled: 'secondary' } as Record<string, string>)[status] ?? 'contrast'
}

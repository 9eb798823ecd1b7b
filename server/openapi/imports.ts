import type { ErrorStatus, Tag } from './components'

/** The prose of an operation; the route files add the contract (access, schemas, answer). */
interface Prose {
  operationId: string
  tag: Tag
  summary: string
  description?: string
  errors?: Partial<Record<ErrorStatus, string | true>>
}

export const IMPORT_NOT_FOUND = 'No import with this id in your organization (ids of other organizations look the same).'

export type ImportAction = 'run' | 'resume' | 'cancel' | 'undo'

const ACTION_SUMMARY: Record<ImportAction, string> = {
  run: 'Run an import',
  resume: 'Resume an interrupted or failed import',
  cancel: 'Cancel an import',
  undo: 'Undo an import',
}

const ACTION_DESCRIPTION: Record<ImportAction, string> = {
  run: 'Starts the import in the background in batches of 500 rows; each batch is one transaction that also advances the import\'s cursor, so a crash never leaves half a batch. One audit entry records the run.',
  resume: 'Continues after the last committed batch. A running import whose server stopped becomes `interrupted` within about 20 seconds.',
  cancel: 'Stops after the current batch; rows already imported stay until the import is undone.',
  undo: 'In one transaction: deletes the records the import created (including companies it created for contact or deal rows) and restores the previous values of records it updated. One audit entry records the undo.',
}

/** `POST /imports/{id}/<action>`: run, resume, cancel or undo an import. */
export function importAction(action: ImportAction): Prose {
  return {
    operationId: `${action}Import`,
    tag: 'Imports',
    summary: ACTION_SUMMARY[action],
    description: `${ACTION_DESCRIPTION[action]} No body (or an empty JSON object).`,
    errors: { 404: IMPORT_NOT_FOUND, 409: 'The import is not in a state that allows this.' },
  }
}

const EXPORT_DESCRIPTION = 'Streams every row matching the list\'s filters and sort (no paging) as CSV, UTF-8 with BOM. `headers=keys` (default) gives stable field names for automation; `headers=labels` the column names in `lang`. The delimiter is `;` for German labels (German Excel) and `,` otherwise, unless `delimiter` says; German labels also write amounts with a decimal comma.'

/** `GET /<resource>/export`: a list as CSV (the resource's tag is its plural). */
export function exportDocs(plural: 'Contacts' | 'Companies' | 'Deals' | 'Activities'): Prose {
  return {
    operationId: `export${plural}`,
    tag: plural,
    summary: `Export ${plural.toLowerCase()} as CSV`,
    description: EXPORT_DESCRIPTION,
  }
}

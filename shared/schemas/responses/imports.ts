import { z } from 'zod'
import { IMPORT_STATUSES, importDuplicateMode, importEntity } from '../import'
import { recordId, timestamp } from './common'

/** An import as the API shows it (output side, for the OpenAPI document). */
export const importRecord = z.object({
  id: recordId,
  entity: importEntity,
  status: z.enum(IMPORT_STATUSES),
  fileName: z.string(),
  sizeBytes: z.int().min(0),
  encoding: z.enum(['utf-8', 'windows-1252']).meta({ description: 'Detected: UTF-8 (with or without BOM), else Windows-1252.' }),
  delimiter: z.string().meta({ description: 'Detected from the header line: `;`, `,`, tab or `|`.' }),
  headers: z.array(z.string()),
  mapping: z.record(z.string(), z.string()).meta({ description: 'Column number (from 0) → field; guessed from German and English headers at upload.' }),
  duplicateMode: importDuplicateMode,
  totalRows: z.int().nullable().meta({ description: 'Records after the header line.' }),
  rowsDone: z.int().meta({ description: 'Records consumed by committed batches: the resume point.' }),
  createdCount: z.int(),
  updatedCount: z.int(),
  skippedCount: z.int(),
  rejectedCount: z.int(),
  failure: z.string().nullable(),
  createdBy: recordId.nullable(),
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  revertedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
}).meta({ id: 'Import' })

export const importPreview = z.object({
  rows: z.array(z.object({
    line: z.int().meta({ description: 'Line of the file the row starts on.' }),
    cells: z.record(z.string(), z.string()),
    valid: z.boolean(),
    reasons: z.array(z.string()),
  })),
}).meta({ id: 'ImportPreview' })
export type ImportRecord = z.output<typeof importRecord>
export type ImportPreviewRow = z.output<typeof importPreview>['rows'][number]

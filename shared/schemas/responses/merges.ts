import { z } from 'zod'
import { MERGE_ENTITIES } from '../merge'
import { personRef, recordId as id, timestamp } from './common'
import { companyRecord, contactRecord } from './records'

/** One merge as the API shows it. */
export const mergeRecord = z.strictObject({
  id,
  entity: z.enum(MERGE_ENTITIES),
  survivorId: id,
  mergedIds: z.array(id),
  mergedNames: z.array(z.string()).meta({ description: 'The merged-away records\' names as they were, in the order of `mergedIds`; empty once the merge can no longer be undone.' }),
  mergedBy: personRef.nullable(),
  createdAt: timestamp,
  undoableUntil: timestamp.nullable().meta({ description: 'Until when `undo` restores the records; `null` once undone or no longer possible.' }),
  undoneAt: timestamp.nullable(),
}).meta({ id: 'Merge' })
export type MergeRecord = z.infer<typeof mergeRecord>

const moved = z.record(z.string(), z.number().int()).meta({
  description: 'How many rows of each kind the merge moves (or moved back) to the survivor, e.g. `{ "activities": 3, "deals": 1 }`.',
})

const resultOf = <R extends z.ZodType>(record: R) => z.strictObject({
  merge: mergeRecord.nullable().meta({ description: 'The merge as recorded; `null` on a dry run.' }),
  record: record,
  moved,
})

export const contactMergeResult = resultOf(contactRecord)
export const companyMergeResult = resultOf(companyRecord)

export const mergeUndoResult = z.strictObject({ merge: mergeRecord, restoredIds: z.array(id), moved })

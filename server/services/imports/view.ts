import { and, eq } from 'drizzle-orm'
import { imports } from '../../../drizzle/schema'
import { importRecord, type ImportRecord } from '../../../shared/schemas/responses'
import { notFound } from '../../utils/api'
import { withTenant, type TenantContext, type Transaction } from '../../utils/tenant'

// The import as the API answers it: its fields are those of the shared `importRecord` schema.
type ViewKey = keyof ImportRecord & keyof typeof imports.$inferSelect
const viewKeys = Object.keys(importRecord.shape) as ViewKey[]
export const viewColumns = Object.fromEntries(viewKeys.map(key => [key, imports[key]])) as { [K in ViewKey]: (typeof imports)[K] }

/** An import row with the columns of `importRecord` (dates still Date objects until JSON). */
export type ImportView = Pick<typeof imports.$inferSelect, ViewKey>

export async function findImport(tx: Transaction, orgId: string, id: string): Promise<ImportView> {
  const [row] = await tx.select(viewColumns).from(imports).where(and(eq(imports.orgId, orgId), eq(imports.id, id)))
  if (!row) throw notFound('Import')
  return row
}

export async function get(ctx: TenantContext, id: string): Promise<ImportView> {
  return withTenant(ctx, tx => findImport(tx, ctx.orgId, id))
}

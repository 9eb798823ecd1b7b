import { strToU8, zipSync } from 'fflate'
import { and, asc, eq, getTableColumns, inArray } from 'drizzle-orm'
import { activities, auditLogs, companies, contacts, deals, organizations, users } from '../../../drizzle/schema'
import { notFound } from '../../utils/api'
import { withTenant, type TenantContext } from '../../utils/tenant'
import { ledgerOf, selectConsents } from './consents'
import { toCsv } from './csv'

/** Version of the archive's layout, so a reader can tell what it gets. */
export const EXPORT_FORMAT = 'pulse-personal-data/1'

const columnsOf = (table: Parameters<typeof getTableColumns>[0]) => Object.keys(getTableColumns(table))

/** Everything an organization stores about one contact, with who exported it, when and from where. */
async function collect(ctx: TenantContext, contactId: string) {
  return withTenant(ctx, async (tx) => {
    const orgId = ctx.orgId
    const [contact] = await tx.select().from(contacts).where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId)))
    if (!contact) throw notFound('Contact')
    const [org] = await tx.select({ id: organizations.id, name: organizations.name }).from(organizations).where(eq(organizations.id, orgId))
    const [actor] = ctx.userId
      ? await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, ctx.userId)))
      : []
    const company = contact.companyId
      ? (await tx.select().from(companies).where(and(eq(companies.orgId, orgId), eq(companies.id, contact.companyId))))[0] ?? null
      : null
    const theirDeals = await tx.select().from(deals).where(and(eq(deals.orgId, orgId), eq(deals.contactId, contactId))).orderBy(asc(deals.createdAt), asc(deals.id))
    const theirActivities = await tx.select().from(activities).where(and(eq(activities.orgId, orgId), eq(activities.contactId, contactId))).orderBy(asc(activities.createdAt), asc(activities.id))
    // The contacts merged into this one are the same person: their consents and history are theirs too.
    const ids = await ledgerOf(tx, orgId, contactId)
    const consentRows = await selectConsents(tx, orgId, ids)
    const audit = await tx.select({
      id: auditLogs.id, action: auditLogs.action, entity: auditLogs.entity, entityId: auditLogs.entityId, changes: auditLogs.changes,
      actorId: auditLogs.actorId, actorType: auditLogs.actorType, createdAt: auditLogs.createdAt,
    }).from(auditLogs)
      .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.entity, 'contact'), inArray(auditLogs.entityId, ids)))
      .orderBy(asc(auditLogs.createdAt), asc(auditLogs.id))
    // Duplicate detection's keys are derived from the fields that are in the export.
    const { orgId: _contactOrg, emailKey: _email, phoneKey: _phone, nameKey: _name, ...contactFields } = contact
    const strip = <T extends { orgId: string }>({ orgId: _org, ...rest }: T) => rest
    const companyFields = company && (({ domainKey: _domain, nameKey: _companyName, ...rest }) => rest)(company)
    return {
      meta: {
        format: EXPORT_FORMAT,
        exportedAt: new Date().toISOString(),
        exportedBy: actor ?? { id: ctx.apiKeyId ?? null, type: ctx.actorType },
        organization: org!,
        subject: { contactId },
        legalBasis: 'Art. 15 and Art. 20 DSGVO (GDPR)',
      },
      contact: contactFields,
      company: companyFields ? strip(companyFields) : null,
      deals: theirDeals.map(strip),
      activities: theirActivities.map(strip),
      consents: consentRows.map(({ recordedByName, ...c }) => ({ ...c, recordedByName })),
      auditEntries: audit,
    }
  })
}

export type PersonalData = Awaited<ReturnType<typeof collect>>

// Neither the tenant nor duplicate detection's keys (derived from the fields that are there).
const hidden = new Set(['orgId', 'emailKey', 'phoneKey', 'nameKey', 'domainKey'])
const exportedColumns = (columns: string[]) => columns.filter(c => !hidden.has(c))

/**
 * The personal-data archive of one contact (Art. 15/20 DSGVO): `personal-data.json` with
 * everything and the export's metadata, and one CSV per part for spreadsheets.
 */
export async function exportContact(ctx: TenantContext, contactId: string): Promise<{ filename: string, zip: Uint8Array, data: PersonalData }> {
  const data = await collect(ctx, contactId)
  const consentColumns = ['id', 'contactId', 'purpose', 'status', 'occurredAt', 'source', 'recordedById', 'recordedByName', 'recordedByType', 'createdAt']
  const auditColumns = ['id', 'action', 'entity', 'entityId', 'changes', 'actorId', 'actorType', 'createdAt']
  const files: Record<string, Uint8Array> = {
    'personal-data.json': strToU8(JSON.stringify(data, null, 2)),
    'metadata.csv': strToU8(toCsv(['field', 'value'], Object.entries(data.meta).map(([field, value]) => ({ field, value })))),
    'contact.csv': strToU8(toCsv(exportedColumns(columnsOf(contacts)), [data.contact])),
    'company.csv': strToU8(toCsv(exportedColumns(columnsOf(companies)), data.company ? [data.company] : [])),
    'deals.csv': strToU8(toCsv(exportedColumns(columnsOf(deals)), data.deals)),
    'activities.csv': strToU8(toCsv(exportedColumns(columnsOf(activities)), data.activities)),
    'consents.csv': strToU8(toCsv(consentColumns, data.consents)),
    'audit-entries.csv': strToU8(toCsv(auditColumns, data.auditEntries)),
  }
  const date = data.meta.exportedAt.slice(0, 10)
  return { filename: `personal-data-${contactId}-${date}.zip`, zip: zipSync(files, { level: 6, mtime: new Date() }), data }
}

import type { z } from 'zod'
import type { Role } from '../../../shared/domain'
import {
  ACTIVITY_SORT_FIELDS, activityCreate, activityListQuery, activityRecord, activityUpdate, auditLogListQuery, auditLogRecord,
  COMPANY_SORT_FIELDS, companyContactsQuery, companyCreate, companyDealsQuery, companyListQuery, companyRecord, companyUpdate,
  CONTACT_SORT_FIELDS, contactActivitiesQuery, contactBulk, contactBulkResult, contactCreate, contactDealsQuery, contactListQuery, contactRecord, contactUpdate,
  DEAL_SORT_FIELDS, dealActivitiesQuery, dealCreate, dealListQuery, dealMove, dealRecord, dealUpdate, deletedRecord, historyQuery,
  idParams, pipelineCreate, pipelineListQuery, pipelineRecord, pipelineTotalsQuery, pipelineUpdate, searchQuery, searchResult, stageHistoryEntry,
} from '../../../shared/schemas'
import { stageTotal } from '../../../shared/schemas/responses'
import { dataOf, listOf, listQueryParams, type Tag } from '../components'
import { operation, type Operation } from '../operation'

interface Resource {
  /** Path segment and operationId stem, e.g. `contacts` / `Contact`. */
  path: string
  singular: string
  plural: string
  tag: Tag
  record: z.ZodType
  create: z.ZodType
  update: z.ZodType
  listQuery: z.ZodObject
  sortFields?: readonly string[]
  search?: string
  /** Who may create, change and delete (reading is for every role). */
  writer: Role
  /** What DELETE does to the records that point at this one. */
  onDelete: string
  /** Why a write may be refused with 409, if it can be. */
  conflict?: string
  listDescription: string
}

const referenceError = 'Invalid input, or a reference (`companyId`, `contactId`, `dealId`, `ownerId`, …) to a record that does not exist in your organization; `details` names the field.'

/** List, create, read, update, delete and history of one resource. */
function crud(r: Resource): Operation[] {
  const one = `/api/v1/${r.path}/{id}`
  const notFound = `No ${r.singular.toLowerCase()} with this id in your organization (ids of other organizations look the same).`
  return [
    operation('get', `/api/v1/${r.path}`, {
      operationId: `list${r.plural}`,
      tag: r.tag,
      summary: `List ${r.plural.toLowerCase()}`,
      description: `${r.listDescription} Unknown filters and sort fields are refused (400).`,
      access: 'viewer',
      query: listQueryParams(r.listQuery, { sortFields: r.sortFields, search: r.search }),
      success: { description: `One page of ${r.plural.toLowerCase()}.`, schema: listOf(r.record, { cursor: 'after' in r.listQuery.shape }) },
    }),
    operation('post', `/api/v1/${r.path}`, {
      operationId: `create${r.singular}`,
      tag: r.tag,
      summary: `Create a ${r.singular.toLowerCase()}`,
      description: 'Fields not listed in the body schema (`id`, `orgId`, `createdAt`, …) are refused. Without `ownerId` the calling user owns the record (an API key leaves it without owner). Writes an audit entry. Send an `Idempotency-Key` to retry safely.',
      access: r.writer,
      idempotent: true,
      body: r.create,
      success: { status: 201, description: `The new ${r.singular.toLowerCase()}. A retry with the same Idempotency-Key and body answers the same (header \`Idempotent-Replayed: true\`).`, schema: dataOf(r.record) },
      errors: { 400: referenceError, ...(r.conflict ? { 409: r.conflict } : {}) },
    }),
    operation('get', one, {
      operationId: `get${r.singular}`,
      tag: r.tag,
      summary: `Get a ${r.singular.toLowerCase()}`,
      access: 'viewer',
      params: idParams,
      success: { description: `The ${r.singular.toLowerCase()}.`, schema: dataOf(r.record) },
      errors: { 404: notFound },
    }),
    operation('put', one, {
      operationId: `update${r.singular}`,
      tag: r.tag,
      summary: `Update a ${r.singular.toLowerCase()}`,
      description: 'Fields not sent stay unchanged; `null` (or an empty string for text) clears a field. The audit entry records each changed field with its old and new value; a request that changes nothing writes none.',
      access: r.writer,
      params: idParams,
      body: r.update,
      success: { description: `The ${r.singular.toLowerCase()} as it is now.`, schema: dataOf(r.record) },
      errors: { 400: referenceError, 404: notFound, ...(r.conflict ? { 409: r.conflict } : {}) },
    }),
    operation('delete', one, {
      operationId: `delete${r.singular}`,
      tag: r.tag,
      summary: `Delete a ${r.singular.toLowerCase()}`,
      description: r.onDelete,
      access: r.writer,
      params: idParams,
      success: { description: 'Deleted.', schema: dataOf(deletedRecord) },
      errors: { 404: notFound, ...(r.conflict ? { 409: r.conflict } : {}) },
    }),
    operation('get', `${one}/history`, {
      operationId: `get${r.singular}History`,
      tag: r.tag,
      summary: `History of a ${r.singular.toLowerCase()}`,
      description: 'Its audit entries, newest first: who (user or API key), what (`resource.verb`), and each changed field with old and new value.',
      access: 'viewer',
      params: idParams,
      query: listQueryParams(historyQuery),
      success: { description: 'One page of audit entries.', schema: listOf(auditLogRecord) },
      errors: { 404: notFound },
    }),
  ]
}

/** `GET /<parent>/{id}/<children>`: the child list with the parent's filter fixed by the path. */
function nested(parent: string, parentName: string, child: string, tag: Tag, operationId: string, query: z.ZodObject, record: z.ZodType, sortFields: readonly string[]): Operation {
  return operation('get', `/api/v1/${parent}/{id}/${child}`, {
    operationId,
    tag,
    summary: `List a ${parentName}'s ${child}`,
    description: `The same as \`GET /api/v1/${child}\` with the ${parentName} fixed by the path (sending that filter too is refused).`,
    access: 'viewer',
    params: idParams,
    query: listQueryParams(query, { sortFields }),
    success: { description: `One page of the ${parentName}'s ${child}.`, schema: listOf(record, { cursor: true }) },
    errors: { 404: `No ${parentName} with this id in your organization.` },
  })
}

export const crmOperations: Operation[] = [
  ...crud({
    path: 'contacts', singular: 'Contact', plural: 'Contacts', tag: 'Contacts', record: contactRecord, create: contactCreate, update: contactUpdate,
    listQuery: contactListQuery, sortFields: CONTACT_SORT_FIELDS, search: 'Searches first name, last name and email; every word must occur.',
    writer: 'member', listDescription: 'By last and first name unless `sort` says otherwise. Repeat `tag` to require several tags.',
    onDelete: 'Deals and activities that point at the contact stay and lose the link (`contactId` becomes null). Writes an audit entry with the deleted values.',
  }),
  operation('post', '/api/v1/contacts/bulk', {
    operationId: 'bulkContacts',
    tag: 'Contacts',
    summary: 'Change or delete many contacts at once',
    description: 'One `action` over up to 100 contacts (`ids`, repeats count once): `assign_owner` (`ownerId`, null to clear), `add_tag` / `remove_tag` (`tag`), or `delete` (deals and activities keep their data and lose the link). All or nothing: if an id names no contact of your organization, nothing changes and the 404 lists each such id in `details` (`ids.<index>`). Each contact that changes gets its own audit entry; `changed` counts them.',
    access: 'member',
    idempotent: true,
    body: contactBulk,
    success: { description: 'The contacts processed and how many changed.', schema: dataOf(contactBulkResult) },
    errors: { 400: 'Invalid input, or `ownerId` names no member of this organization.', 404: 'Some ids name no contact of this organization (listed in `details`); nothing was changed.' },
  }),
  nested('contacts', 'contact', 'activities', 'Contacts', 'listContactActivities', contactActivitiesQuery, activityRecord, ACTIVITY_SORT_FIELDS),
  nested('contacts', 'contact', 'deals', 'Contacts', 'listContactDeals', contactDealsQuery, dealRecord, DEAL_SORT_FIELDS),
  ...crud({
    path: 'companies', singular: 'Company', plural: 'Companies', tag: 'Companies', record: companyRecord, create: companyCreate, update: companyUpdate,
    listQuery: companyListQuery, sortFields: COMPANY_SORT_FIELDS, search: 'Searches name, city and website; every word must occur.',
    writer: 'member', listDescription: 'By name unless `sort` says otherwise. `address` parts sent in an update are merged into the stored address; `address: null` clears it.',
    onDelete: 'Contacts, deals and activities that point at the company stay and lose the link (`companyId` becomes null).',
  }),
  nested('companies', 'company', 'contacts', 'Companies', 'listCompanyContacts', companyContactsQuery, contactRecord, CONTACT_SORT_FIELDS),
  nested('companies', 'company', 'deals', 'Companies', 'listCompanyDeals', companyDealsQuery, dealRecord, DEAL_SORT_FIELDS),
  ...crud({
    path: 'deals', singular: 'Deal', plural: 'Deals', tag: 'Deals', record: dealRecord, create: dealCreate, update: dealUpdate,
    listQuery: dealListQuery, sortFields: DEAL_SORT_FIELDS, search: 'Searches the title; every word must occur.',
    writer: 'member',
    listDescription: 'Newest first unless `sort` says otherwise. `minValue`/`maxValue` are inclusive, `expectedCloseBefore` exclusive. A new deal starts in `stageId` or the pipeline\'s first open stage, with the status of that stage\'s kind and the organization\'s default currency; stage and status change only through `POST /deals/{id}/move`.',
    onDelete: 'Activities about the deal stay and lose the link; its stage history is deleted with it.',
  }),
  operation('post', '/api/v1/deals/{id}/move', {
    operationId: 'moveDeal',
    tag: 'Deals',
    summary: 'Move a deal to another stage',
    description: 'Within the deal\'s pipeline. The status follows the stage\'s kind (`open`, `won`, `lost`); `closedAt` is set when the deal closes and cleared when it reopens. The move is recorded in the stage history and in the audit log. Moving to the current stage changes nothing.',
    access: 'member',
    idempotent: true,
    params: idParams,
    body: dealMove,
    success: { description: 'The deal as it is now.', schema: dataOf(dealRecord) },
    errors: { 400: '`stageId` is not a stage of the deal\'s pipeline.', 404: 'No deal with this id in your organization.' },
  }),
  operation('get', '/api/v1/deals/{id}/stage-history', {
    operationId: 'getDealStageHistory',
    tag: 'Deals',
    summary: 'Stages a deal has been in',
    description: 'Newest first, with the time spent in each (`durationSeconds`, up to now for the current stage, whose `leftAt` is null).',
    access: 'viewer',
    params: idParams,
    success: { description: 'Every stay in a stage.', schema: dataOf(stageHistoryEntry.array()) },
    errors: { 404: 'No deal with this id in your organization.' },
  }),
  nested('deals', 'deal', 'activities', 'Deals', 'listDealActivities', dealActivitiesQuery, activityRecord, ACTIVITY_SORT_FIELDS),
  ...crud({
    path: 'pipelines', singular: 'Pipeline', plural: 'Pipelines', tag: 'Pipelines', record: pipelineRecord, create: pipelineCreate, update: pipelineUpdate,
    listQuery: pipelineListQuery, writer: 'admin',
    listDescription: 'In their configured order; stages in board order. Stage ids are assigned by the server: send a stage with its `id` to keep it (and its deals), without one to add it; the order of the array is the board order.',
    onDelete: 'Refused while the pipeline holds deals, and for the organization\'s last pipeline.',
    conflict: 'A stage that holds deals cannot be removed (the message names it and its deal count), a pipeline that holds deals cannot be deleted, and the last pipeline stays.',
  }),
  operation('get', '/api/v1/pipelines/{id}/totals', {
    operationId: 'getPipelineTotals',
    tag: 'Pipelines',
    summary: 'Deal count and value per stage',
    description: 'Per stage and currency, over all of the pipeline\'s deals that match the filters (the same `ownerId` and `q` as the deal list), so a board column can show its total without loading every deal. Stages without matching deals are left out.',
    access: 'viewer',
    params: idParams,
    query: pipelineTotalsQuery,
    success: { description: 'One entry per stage and currency.', schema: dataOf(stageTotal.array()) },
    errors: { 404: 'No pipeline with this id in your organization.' },
  }),
  ...crud({
    path: 'activities', singular: 'Activity', plural: 'Activities', tag: 'Activities', record: activityRecord, create: activityCreate, update: activityUpdate,
    listQuery: activityListQuery, sortFields: ACTIVITY_SORT_FIELDS, search: 'Searches the subject; every word must occur.',
    writer: 'member',
    listDescription: 'Newest first unless `sort` says otherwise. `done=true|false` filters on `completedAt`; `dueAfter` is inclusive, `dueBefore` exclusive. Mark one done with `PUT {"completedAt": "<now>"}`.',
    onDelete: 'Deletes the activity; nothing points at it.',
  }),
  operation('get', '/api/v1/search', {
    operationId: 'search',
    tag: 'Search',
    summary: 'Search contacts, companies and deals',
    description: 'For the command palette: contacts by name, email and phone, companies by name and website, deals by title. Hits containing the text rank first, then typo-tolerant (trigram) matches; at most `limit` per kind, best first, `score` higher is better.',
    access: 'viewer',
    query: searchQuery,
    success: { description: 'The best hits, grouped by kind.', schema: dataOf(searchResult) },
  }),
  operation('get', '/api/v1/audit-logs', {
    operationId: 'listAuditLogs',
    tag: 'Audit log',
    summary: 'The organization\'s audit log',
    description: 'Newest first. `action` is a full `resource.verb` (e.g. `deal.move`) or a resource (`deal`) for all of its verbs; `from` is inclusive, `to` exclusive. Changes are `{ field: { from, to } }`.',
    access: 'admin',
    query: listQueryParams(auditLogListQuery),
    success: { description: 'One page of audit entries.', schema: listOf(auditLogRecord) },
  }),
]

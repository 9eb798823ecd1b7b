import type { ErrorStatus, Tag } from './components'

/** The prose of one record resource's operations; the route files add the contract (access, schemas). */
interface Resource {
  /** Names for operationIds and text, e.g. `Contact` / `Contacts`. */
  singular: string
  plural: string
  tag: Tag
  /** What `q` searches. */
  search?: string
  listDescription: string
  /** What DELETE does to the records that point at this one. */
  onDelete: string
  /** Why a write may be refused with 409, if it can be. */
  conflict?: string
}

interface Prose {
  operationId: string
  tag: Tag
  summary: string
  description?: string
  errors?: Partial<Record<ErrorStatus, string | true>>
}

export const REFERENCE_ERROR = 'Invalid input, or a reference (`companyId`, `contactId`, `dealId`, `ownerId`, …) to a record that does not exist in your organization; `details` names the field.'

/** The summary, description and error texts of list, create, get, update, delete and history of a resource. */
function crud(r: Resource) {
  const one = r.singular.toLowerCase()
  const many = r.plural.toLowerCase()
  const notFound = `No ${one} with this id in your organization (ids of other organizations look the same).`
  const conflict = r.conflict ? { 409: r.conflict } : {}
  return {
    search: r.search,
    notFound,
    list: {
      operationId: `list${r.plural}`, tag: r.tag, summary: `List ${many}`,
      description: `${r.listDescription} Unknown filters and sort fields are refused (400).`,
    },
    create: {
      operationId: `create${r.singular}`, tag: r.tag, summary: `Create a ${one}`,
      description: 'Fields not listed in the body schema (`id`, `orgId`, `createdAt`, …) are refused. Without `ownerId` the calling user owns the record (an API key leaves it without owner). Writes an audit entry. Send an `Idempotency-Key` to retry safely.',
      errors: { 400: REFERENCE_ERROR, ...conflict },
    },
    created: `The new ${one}. A retry with the same Idempotency-Key and body answers the same (header \`Idempotent-Replayed: true\`).`,
    get: { operationId: `get${r.singular}`, tag: r.tag, summary: `Get a ${one}`, errors: { 404: notFound } },
    update: {
      operationId: `update${r.singular}`, tag: r.tag, summary: `Update a ${one}`,
      description: 'Fields not sent stay unchanged; `null` (or an empty string for text) clears a field. The audit entry records each changed field with its old and new value; a request that changes nothing writes none.',
      errors: { 400: REFERENCE_ERROR, 404: notFound, ...conflict },
    },
    remove: { operationId: `delete${r.singular}`, tag: r.tag, summary: `Delete a ${one}`, description: r.onDelete, errors: { 404: notFound, ...conflict } },
    history: {
      operationId: `get${r.singular}History`, tag: r.tag, summary: `History of a ${one}`,
      description: 'Its audit entries, newest first: who (user or API key), what (`resource.verb`), and each changed field with old and new value.',
      errors: { 404: notFound },
    },
  } satisfies Record<string, Prose | string | undefined>
}

/** `GET /<parent>/{id}/<children>`: the child list with the parent's filter fixed by the path. */
export function nestedList(parent: { name: string, tag: Tag }, child: string, operationId: string): Prose {
  return {
    operationId,
    tag: parent.tag,
    summary: `List a ${parent.name}'s ${child}`,
    description: `The same as \`GET /api/v1/${child}\` with the ${parent.name} fixed by the path (sending that filter too is refused).`,
    errors: { 404: `No ${parent.name} with this id in your organization.` },
  }
}

export const contactDocs = crud({
  singular: 'Contact', plural: 'Contacts', tag: 'Contacts',
  search: 'Searches first name, last name and email; every word must occur.',
  listDescription: 'By last and first name unless `sort` says otherwise. Repeat `tag` to require several tags.',
  onDelete: 'Deals and activities that point at the contact stay and lose the link (`contactId` becomes null). Writes an audit entry with the deleted values.',
})

export const companyDocs = crud({
  singular: 'Company', plural: 'Companies', tag: 'Companies',
  search: 'Searches name, city and website; every word must occur.',
  listDescription: 'By name unless `sort` says otherwise. `address` parts sent in an update are merged into the stored address; `address: null` clears it.',
  onDelete: 'Contacts, deals and activities that point at the company stay and lose the link (`companyId` becomes null).',
})

export const dealDocs = crud({
  singular: 'Deal', plural: 'Deals', tag: 'Deals',
  search: 'Searches the title; every word must occur.',
  listDescription: 'Newest first unless `sort` says otherwise. `minValue`/`maxValue` are inclusive, `expectedCloseBefore` exclusive. A new deal starts in `stageId` or the pipeline\'s first open stage, with the status of that stage\'s kind and the organization\'s default currency; stage and status change only through `POST /deals/{id}/move`.',
  onDelete: 'Activities about the deal stay and lose the link; its stage history is deleted with it.',
})

export const pipelineDocs = crud({
  singular: 'Pipeline', plural: 'Pipelines', tag: 'Pipelines',
  listDescription: 'In their configured order; stages in board order. Stage ids are assigned by the server: send a stage with its `id` to keep it (and its deals), without one to add it; the order of the array is the board order.',
  onDelete: 'Refused while the pipeline holds deals, and for the organization\'s last pipeline.',
  conflict: 'A stage that holds deals cannot be removed (the message names it and its deal count), a pipeline that holds deals cannot be deleted, and the last pipeline stays.',
})

export const activityDocs = crud({
  singular: 'Activity', plural: 'Activities', tag: 'Activities',
  search: 'Searches the subject; every word must occur.',
  listDescription: 'Newest first unless `sort` says otherwise. `done=true|false` filters on `completedAt`; `dueAfter` is inclusive, `dueBefore` exclusive. Mark one done with `PUT {"completedAt": "<now>"}`.',
  onDelete: 'Deletes the activity; nothing points at it.',
})

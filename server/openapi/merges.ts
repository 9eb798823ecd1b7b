import type { MergeEntity } from '../../shared/schemas'
import { MERGE_UNDO_DAYS } from '../../shared/schemas'
import type { Tag } from './components'

const names = {
  contact: { one: 'contact', many: 'contacts', Many: 'Contacts', One: 'Contact', tag: 'Contacts', moves: 'activities, deals and notifications', fields: '`firstName`, `lastName`, `email`, `phone`, `position`, `companyId`, `ownerId`' },
  company: { one: 'company', many: 'companies', Many: 'Companies', One: 'Company', tag: 'Companies', moves: 'contacts, activities, deals and notifications', fields: '`name`, `industry`, `website`, `phone`, `address` (all four parts together), `ownerId`' },
} as const

/** The prose of a record kind's merge, undo and merge list operations. */
export function mergeDocs(entity: MergeEntity) {
  const n = names[entity]
  const tag: Tag = n.tag
  return {
    merge: {
      operationId: `merge${n.Many}`, tag, summary: `Merge ${n.many} into this one`,
      description: `Merges the ${n.many} in \`mergeIds\` into the one in the path (the survivor), in one transaction. For each field (${n.fields}) \`fields\` names the record whose value survives${entity === 'contact' ? '; tags are united' : ''}. Their ${n.moves} move to the survivor; their history and${entity === 'contact' ? ' consents' : ' the rest'} stay readable through it. Afterwards the merged-away ${n.many} are gone from lists, search, exports and duplicate checks, and reading, changing or deleting one answers 404 with \`details.mergedInto\`. \`dryRun: true\` answers the merged ${n.one} without writing. Undo within ${MERGE_UNDO_DAYS} days.`,
      errors: {
        400: `Invalid input: a repeated id, the survivor among \`mergeIds\`, or a \`fields\` choice that names none of the ${n.many}; \`details\` names the field.`,
        404: `The survivor or one of \`mergeIds\` is not a ${n.one} of your organization (\`details\` names which; a merged-away survivor has \`details.mergedInto\`).`,
      },
    },
    undo: {
      operationId: `undo${n.One}Merge`, tag, summary: `Undo a merge of ${n.many}`,
      description: `Within ${MERGE_UNDO_DAYS} days of the merge: the merged-away ${n.many} come back with their ids and values, what moved goes back to them (unless it has been re-linked since), and the survivor's fields the merge changed get their old values unless edited since.`,
      errors: {
        404: 'No merge with this id in your organization.',
        409: `Already undone, older than ${MERGE_UNDO_DAYS} days, or the survivor no longer exists (deleted, or merged again: undo that merge first).`,
      },
    },
    list: {
      operationId: `list${n.One}Merges`, tag, summary: `Merges into a ${n.one}`,
      description: `The merges this ${n.one} survived, newest first (at most 20), with whether and until when each can be undone.`,
      errors: { 404: `No ${n.one} with this id in your organization.` },
    },
  }
}

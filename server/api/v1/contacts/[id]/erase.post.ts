import { eraseContact } from '~~/server/services/privacy/erasure'
import { contactErase, idParams } from '~~/shared/schemas'
import { erasureRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'eraseContact',
  tag: 'Privacy',
  summary: 'Erase a contact (Art. 17 DSGVO)',
  description: 'Irreversible. The contact goes; activities about them lose subject, note and link; deals stay with the link cleared; their name, email and phone are scrubbed from every deal title and activity text; their consent records go; audit entries about them keep the event but lose every value; stored idempotent answers containing them are purged. The erasure is recorded (who, when, the reason with the person\'s values scrubbed, row counts).',
  access: 'admin',
  params: idParams,
  body: contactErase,
  example: { body: { reason: 'The person asked to be erased (Art. 17 DSGVO).' } },
  success: { description: 'The erasure record.', data: erasureRecord.omit({ erasedBy: true, actorType: true }) },
  errors: { 404: 'No such contact in this organization.', 409: 'The contact was already erased.' },
}, ({ ctx, params, body }) => eraseContact(ctx, params.id, body))

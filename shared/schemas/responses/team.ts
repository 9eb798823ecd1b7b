import { z } from 'zod'
import { API_KEY_SCOPES } from '../../domain'
import { localeValue, personRef, recordId, roleValue, timestamp } from './common'

export const member = z.object({
  id: recordId,
  email: z.email(),
  name: z.string(),
  role: roleValue,
  locale: localeValue,
  lastLoginAt: timestamp.nullable(),
  createdAt: timestamp,
}).meta({ id: 'Member', description: 'A person in the organization, as the team screen shows them.' })

export const invitation = z.object({
  id: recordId,
  email: z.email(),
  role: roleValue,
  locale: localeValue,
  expiresAt: timestamp,
  createdAt: timestamp,
}).meta({ id: 'Invitation', description: 'An invitation by email; the link in the mail is valid for seven days.' })

export const pendingInvitation = invitation.extend({ invitedBy: personRef.nullable() })
  .meta({ id: 'PendingInvitation', description: 'A pending invitation and who sent it.' })

export const revokedInvitation = invitation.extend({ acceptedAt: timestamp.nullable(), revokedAt: timestamp })
  .meta({ id: 'RevokedInvitation', description: 'A withdrawn invitation; its link no longer works.' })

const apiKeyScope = z.enum(API_KEY_SCOPES).meta({
  description: '`read` keys may only read (GET); `read_write` keys act like a member.',
})
const apiKeyFields = {
  id: recordId,
  name: z.string(),
  scope: apiKeyScope,
  prefix: z.string().meta({ description: 'The first characters of the key (`pk_` and 7 more), to tell keys apart.' }),
  createdAt: timestamp,
}

export const apiKey = z.object({
  ...apiKeyFields,
  lastUsedAt: timestamp.nullable().meta({ description: 'Last request with the key, recorded about once a minute.' }),
  revokedAt: timestamp.nullable(),
}).meta({ id: 'ApiKey', description: 'An organization-scoped key for automation clients; the key itself is never shown again.' })

export const apiKeyListItem = apiKey.extend({ createdBy: personRef.nullable() })
  .meta({ id: 'ApiKeyListItem', description: 'An API key and who created it.' })

export const createdApiKey = z.object({
  ...apiKeyFields,
  key: z.string().regex(/^pk_/).meta({ description: 'The key. Shown in this answer only: store it now.' }),
}).meta({ id: 'CreatedApiKey' })

/** The people of the organization, for owner pickers. */
export const userSummary = z.object({
  id: recordId,
  name: z.string(),
  email: z.email(),
  role: roleValue,
}).meta({ id: 'UserSummary' })

import { z } from 'zod'
import { organizationSettingsOutput } from './auth'
import { recordId, timestamps } from './common'
import { member } from './team'

export const organization = z.object({
  id: recordId,
  name: z.string(),
  settings: organizationSettingsOutput,
  timeZone: z.string().meta({ description: 'IANA time zone of members who have not chosen their own.' }),
  ...timestamps,
}).meta({ id: 'Organization' })

export const ownershipTransferred = z.object({
  owner: member,
  previousOwner: member,
}).meta({ id: 'OwnershipTransferred', description: '`owner` is the new owner; `previousOwner` is the caller, now an admin.' })

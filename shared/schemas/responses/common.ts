import { z } from 'zod'
import { LOCALES, ROLES } from '../../domain'

// Building blocks of what the API answers. Dates leave the server as JSON, i.e. as
// ISO 8601 strings in UTC (`Date.prototype.toJSON`), never as Date objects.

export const recordId = z.uuid()
export const timestamp = z.iso.datetime({ offset: true })
export const timestamps = { createdAt: timestamp, updatedAt: timestamp }
export const roleValue = z.enum(ROLES)
export const localeValue = z.enum(LOCALES)

/** A member named on another record (its owner, who created a key, who sent an invitation); nullable where they may be gone. */
export const personRef = z.object({ id: recordId, name: z.string() }).meta({
  id: 'PersonRef',
  description: 'A member of the organization named on a record (its owner, or who did something); `null` when there is none or they have since been removed.',
})

export const removed = z.object({ id: recordId }).meta({ id: 'Removed', description: 'The id of what was deleted.' })

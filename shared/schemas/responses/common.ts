import { z } from 'zod'
import { LOCALES, ROLES } from '../../domain'

// Building blocks of what the API answers. Dates leave the server as JSON, i.e. as
// ISO 8601 strings in UTC (`Date.prototype.toJSON`), never as Date objects.

export const recordId = z.uuid()
export const timestamp = z.iso.datetime()
export const roleValue = z.enum(ROLES)
export const localeValue = z.enum(LOCALES)

/** A person named on another record (who created a key, who sent an invitation); `null` once they left. */
export const personRef = z.object({ id: recordId, name: z.string() }).meta({
  id: 'PersonRef',
  description: 'The member who did it; `null` when that member has since been removed.',
})

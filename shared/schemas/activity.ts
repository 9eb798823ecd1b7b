import { z } from 'zod'
import { ACTIVITY_TYPES } from '../domain'
import { isoDateTime, optionalText, requiredText, uuid } from './common'
import { activityReminders } from './notification'

export const activityType = z.enum(ACTIVITY_TYPES)

export const activityCreate = z.object({
  type: activityType,
  subject: requiredText(200),
  note: optionalText(10_000),
  dueAt: isoDateTime.nullable().optional(),
  completedAt: isoDateTime.nullable().optional(),
  contactId: uuid.nullable().optional(),
  companyId: uuid.nullable().optional(),
  dealId: uuid.nullable().optional(),
  ownerId: uuid.nullable().optional(),
  /** Minutes before `dueAt` to remind its owner; left out on create: the creator's default. */
  reminders: activityReminders.optional(),
}).strict()
export type ActivityCreate = z.infer<typeof activityCreate>

export const activityUpdate = activityCreate.partial().strict()
export type ActivityUpdate = z.infer<typeof activityUpdate>

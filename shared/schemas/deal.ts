import { z } from 'zod'
import { DEAL_STATUSES } from '../domain'
import { currency, isoDate, money, requiredText, uuid } from './common'

export const dealStatus = z.enum(DEAL_STATUSES)

export const dealCreate = z.object({
  title: requiredText(200),
  value: money.default('0'),
  currency: currency.optional(),
  pipelineId: uuid,
  stageId: uuid.optional(),
  contactId: uuid.nullable().optional(),
  companyId: uuid.nullable().optional(),
  ownerId: uuid.nullable().optional(),
  expectedCloseDate: isoDate.nullable().optional(),
}).strict()
export type DealCreate = z.infer<typeof dealCreate>

// Stage and status change through the move action, so they are not plain updates.
export const dealUpdate = dealCreate.omit({ pipelineId: true, stageId: true }).partial().strict()
export type DealUpdate = z.infer<typeof dealUpdate>

export const dealMove = z.object({ stageId: uuid }).strict()
export type DealMove = z.infer<typeof dealMove>

import { z } from 'zod'
import { DEAL_STATUSES } from '../domain'
import { currency, isoDate, money, requiredText, uuid } from './common'

export const dealStatus = z.enum(DEAL_STATUSES)

const dealFields = z.object({
  title: requiredText(200),
  value: money,
  currency: currency.optional(),
  pipelineId: uuid,
  stageId: uuid.optional(),
  contactId: uuid.nullable().optional(),
  companyId: uuid.nullable().optional(),
  ownerId: uuid.nullable().optional(),
  expectedCloseDate: isoDate.nullable().optional(),
}).strict()

export const dealCreate = dealFields.extend({ value: money.default('0') }).strict()
export type DealCreate = z.infer<typeof dealCreate>

// Stage and status change through the move action, so they are not plain updates; built
// from the fields without defaults, so a field left out stays unchanged.
export const dealUpdate = dealFields.omit({ pipelineId: true, stageId: true }).partial().strict()
export type DealUpdate = z.infer<typeof dealUpdate>

export const dealMove = z.object({ stageId: uuid }).strict()
export type DealMove = z.infer<typeof dealMove>

import { z } from 'zod'
import { ACTIVITY_TYPES } from '../../domain'
import { recordId, timestamp } from './common'

const count = z.int().nonnegative()
const amount = z.string().regex(/^\d+(\.\d+)?$/).meta({ description: 'Exact decimal sum as a string, e.g. `"125000.00"`.' })
const currencyCode = z.string().regex(/^[A-Z]{3}$/)
const activityType = z.enum(ACTIVITY_TYPES)

const task = z.object({ id: recordId, type: activityType, subject: z.string(), dueAt: timestamp })

/** Deals of one stage in one currency: how many, their summed value and that value weighted by the stage's probability. */
export const stageTotal = z.object({
  stageId: recordId,
  currency: currencyCode,
  count,
  value: amount,
  weightedValue: amount.meta({ description: 'The summed value times the stage\'s win probability (0–100 %), exact to the cent (rounded half up), e.g. `"500.00"` for 2 000 at 25 %.' }),
})
  .meta({ id: 'StageTotal' })

export const dashboard = z.object({
  contacts: count,
  companies: count,
  openDeals: z.array(z.object({ currency: currencyCode, count, value: amount }))
    .meta({ description: 'Open deals per currency, largest pipeline value first.' }),
  openByStage: z.array(z.object({
    pipelineId: recordId,
    pipelineName: z.string(),
    stageId: recordId,
    stageName: z.string(),
    currency: currencyCode,
    count,
    value: amount,
  })).meta({ description: 'Open deals per pipeline, stage and currency, in pipeline and board order; stages without open deals are left out.' }),
  closedThisMonth: z.array(z.object({ status: z.enum(['won', 'lost']), currency: currencyCode, count, value: amount }))
    .meta({ description: 'Deals won or lost since the start of the month (UTC), per status and currency.' }),
  myTasks: z.object({
    overdue: z.array(task),
    today: z.array(task),
  }).meta({ description: 'The caller\'s open activities due before tomorrow (UTC); empty for API keys.' }),
  recentActivities: z.array(z.object({
    id: recordId,
    type: activityType,
    subject: z.string(),
    createdAt: timestamp,
    ownerName: z.string().nullable(),
  })).max(8),
}).meta({ id: 'Dashboard', description: 'The numbers a sales team opens Pulse for.' })

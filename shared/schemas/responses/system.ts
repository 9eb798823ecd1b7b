import { z } from 'zod'
import { timestamp } from './common'

export const health = z.object({
  status: z.literal('ok'),
  uptime: z.int().nonnegative().meta({ description: 'Seconds since the process started.' }),
}).meta({ id: 'Health' })

export const readiness = z.object({
  status: z.literal('ready'),
  database: z.enum(['postgres', 'pglite']),
}).meta({ id: 'Readiness' })

export const failedJob = z.object({
  id: z.uuid(),
  queue: z.string().meta({ description: 'The kind of work, e.g. `reminder-deliveries`.' }),
  error: z.string().meta({ description: 'What went wrong on the last attempt (at most 500 characters).' }),
  failedAt: timestamp,
}).meta({ id: 'FailedJob' })

export const jobHealth = z.object({
  failedCount: z.int().nonnegative().meta({ description: 'Background jobs of this organization that failed for good (every retry spent) in the last 7 days.' }),
  recent: z.array(failedJob).max(20).meta({ description: 'The newest of them, newest first; the first one carries the last error.' }),
}).meta({ id: 'JobHealth' })

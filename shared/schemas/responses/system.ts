import { z } from 'zod'

export const health = z.object({
  status: z.literal('ok'),
  uptime: z.int().nonnegative().meta({ description: 'Seconds since the process started.' }),
}).meta({ id: 'Health' })

export const readiness = z.object({
  status: z.literal('ready'),
  database: z.enum(['postgres', 'pglite']),
}).meta({ id: 'Readiness' })

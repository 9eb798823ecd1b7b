import { z } from 'zod'
import { STAGE_KINDS } from '../domain'
import { requiredText, uuid } from './common'

export const pipelineStage = z.object({
  id: uuid,
  name: requiredText(100),
  probability: z.number().int().min(0).max(100),
  position: z.number().int().min(0),
  kind: z.enum(STAGE_KINDS),
  rottingDays: z.number().int().positive().max(3650).optional()
    .describe('Days a deal may sit idle in this open stage before it counts as rotting (since it entered the stage or was last changed, whichever is later); left out: never'),
}).strict()
export type PipelineStage = z.infer<typeof pipelineStage>

/**
 * Stages as a client sends them: ids are assigned by the server for new stages, and the
 * order of the array is the board order (a `position` sent along is ignored).
 */
export const pipelineStageInput = pipelineStage.extend({
  id: uuid.optional().describe('Keep an existing stage (and its deals); leave out for a new stage'),
  position: z.number().int().min(0).optional().describe('Ignored: the order of the array decides'),
  rottingDays: pipelineStage.shape.rottingDays.unwrap().nullable().optional()
    .describe('Days a deal may sit idle in this stage before it counts as rotting (a positive whole number); null or left out: never'),
})

const stages = z.array(pipelineStageInput).min(1).max(30)
  .refine(list => list.some(s => s.kind === 'open'), { error: 'needs at least one open stage' })
  .refine(list => new Set(list.map(s => s.name.toLowerCase())).size === list.length, { error: 'stage names must be unique' })

export const pipelineCreate = z.object({
  name: requiredText(100),
  stages,
}).strict()
export type PipelineCreate = z.infer<typeof pipelineCreate>

export const pipelineUpdate = pipelineCreate.partial().strict()
export type PipelineUpdate = z.infer<typeof pipelineUpdate>

import { z } from 'zod'
import { STAGE_KINDS } from '../domain'
import { requiredText, uuid } from './common'

export const pipelineStage = z.object({
  id: uuid,
  name: requiredText(100),
  probability: z.number().int().min(0).max(100),
  position: z.number().int().min(0),
  kind: z.enum(STAGE_KINDS),
}).strict()
export type PipelineStage = z.infer<typeof pipelineStage>

/** Stages as a client sends them: ids are assigned by the server for new stages. */
export const pipelineStageInput = pipelineStage.extend({ id: uuid.optional(), position: z.number().int().min(0).optional() })

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

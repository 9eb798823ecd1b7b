import { and, asc, count, eq, inArray, max } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { deals, pipelines } from '../../drizzle/schema'
import type { PipelineCreate, PipelineListQuery, PipelineStage, PipelineUpdate } from '../../shared/schemas'
import { conflict, notFound, validationError } from '../utils/api'
import { changesBetween, recordAudit, snapshotChanges } from '../utils/audit'
import { withTenant, type Transaction, type TenantContext } from '../utils/tenant'
import { pageOf, type ListResult } from './list'

const recordColumns = {
  id: pipelines.id,
  name: pipelines.name,
  position: pipelines.position,
  stages: pipelines.stages,
  createdAt: pipelines.createdAt,
  updatedAt: pipelines.updatedAt,
}

export type Pipeline = { [K in keyof typeof recordColumns]: (typeof pipelines.$inferSelect)[K] }

/** A pipeline as the API shows it, its stages in board order. */
function toRecord<T extends { stages: PipelineStage[] }>(row: T): T {
  return { ...row, stages: [...row.stages].sort((a, b) => a.position - b.position) }
}

async function lockRow(tx: Transaction, orgId: string, id: string): Promise<Pipeline> {
  const [row] = await tx.select(recordColumns).from(pipelines).where(and(eq(pipelines.orgId, orgId), eq(pipelines.id, id))).for('update')
  if (!row) throw notFound('Pipeline')
  return row
}

/**
 * Stages as stored: positions follow the order sent, ids are kept for stages the pipeline
 * already has and assigned for new ones. An id the pipeline does not have is a 400.
 */
function assignStages(input: PipelineCreate['stages'], existing: readonly PipelineStage[] = []): PipelineStage[] {
  const known = new Set(existing.map(s => s.id))
  const details = input.flatMap((s, i) => (s.id && !known.has(s.id) ? [{ path: `stages.${i}.id`, message: 'is not a stage of this pipeline; leave it out for a new stage' }] : []))
  if (new Set(input.filter(s => s.id).map(s => s.id)).size !== input.filter(s => s.id).length) {
    details.push({ path: 'stages', message: 'a stage id appears twice' })
  }
  if (details.length) throw validationError('Invalid stages', details)
  return input.map((s, position) => ({ id: s.id ?? uuidv7(), name: s.name, probability: s.probability, kind: s.kind, position, ...(s.rottingDays ? { rottingDays: s.rottingDays } : {}) }))
}

/** The organization's pipelines in their configured order. */
export async function list(ctx: TenantContext, query: PipelineListQuery): Promise<ListResult<Pipeline>> {
  const where = eq(pipelines.orgId, ctx.orgId)
  return withTenant(ctx, tx => pageOf(
    query,
    () => tx.select({ total: count() }).from(pipelines).where(where),
    async (limit, offset) => (await tx.select(recordColumns).from(pipelines).where(where)
      .orderBy(asc(pipelines.position), asc(pipelines.id)).limit(limit).offset(offset)).map(toRecord),
  ))
}

export async function get(ctx: TenantContext, id: string): Promise<Pipeline> {
  return withTenant(ctx, async (tx) => {
    const [row] = await tx.select(recordColumns).from(pipelines).where(and(eq(pipelines.orgId, ctx.orgId), eq(pipelines.id, id)))
    if (!row) throw notFound('Pipeline')
    return toRecord(row)
  })
}

/** 404 unless the pipeline exists in the caller's organization. */
export async function assertExists(ctx: TenantContext, id: string): Promise<void> {
  await get(ctx, id)
}

/** A stage of the pipeline, found in the caller's transaction (for deals). */
export async function findStage(tx: Transaction, orgId: string, pipelineId: string, stageId?: string) {
  const [pipeline] = await tx.select({ id: pipelines.id, stages: pipelines.stages }).from(pipelines)
    .where(and(eq(pipelines.orgId, orgId), eq(pipelines.id, pipelineId)))
  if (!pipeline) return { pipeline: null, stage: null }
  const stages = toRecord(pipeline).stages
  // Without a stage: the first open one, where new deals start.
  const stage = stageId ? stages.find(s => s.id === stageId) : stages.find(s => s.kind === 'open')
  return { pipeline, stage: stage ?? null }
}

/** Adds a pipeline after the existing ones (admin+). */
export async function create(ctx: TenantContext, input: PipelineCreate): Promise<Pipeline> {
  return withTenant(ctx, async (tx) => {
    const [last] = await tx.select({ position: max(pipelines.position) }).from(pipelines).where(eq(pipelines.orgId, ctx.orgId))
    const [row] = await tx.insert(pipelines).values({
      orgId: ctx.orgId, name: input.name, stages: assignStages(input.stages), position: (last?.position ?? -1) + 1,
    }).returning(recordColumns)
    await recordAudit(tx, ctx, {
      action: 'pipeline.create', entity: 'pipeline', entityId: row!.id, changes: snapshotChanges({ name: row!.name, stages: row!.stages }, 'created'),
    })
    return toRecord(row!)
  })
}

/**
 * Renames a pipeline and/or replaces its stages (admin+). Stages sent with their id keep
 * it (and their deals); stages left out are removed, which is refused while deals are in them.
 */
export async function update(ctx: TenantContext, id: string, input: PipelineUpdate): Promise<Pipeline> {
  return withTenant(ctx, async (tx) => {
    const before = await lockRow(tx, ctx.orgId, id)
    const next: { name?: string, stages?: PipelineStage[] } = {}
    if (input.name !== undefined) next.name = input.name
    if (input.stages !== undefined) {
      next.stages = assignStages(input.stages, before.stages)
      const kept = new Set(next.stages.map(s => s.id))
      const removed = before.stages.filter(s => !kept.has(s.id))
      if (removed.length) await assertStagesEmpty(tx, ctx.orgId, id, removed)
    }
    const changes = changesBetween({ name: before.name, stages: toRecord(before).stages }, next)
    if (!changes) return toRecord(before)
    const [row] = await tx.update(pipelines).set(next)
      .where(and(eq(pipelines.orgId, ctx.orgId), eq(pipelines.id, id)))
      .returning(recordColumns)
    await recordAudit(tx, ctx, { action: 'pipeline.update', entity: 'pipeline', entityId: id, changes })
    return toRecord(row!)
  })
}

async function assertStagesEmpty(tx: Transaction, orgId: string, pipelineId: string, stages: readonly PipelineStage[]) {
  const occupied = await tx.select({ stageId: deals.stageId, deals: count() }).from(deals)
    .where(and(eq(deals.orgId, orgId), eq(deals.pipelineId, pipelineId), inArray(deals.stageId, stages.map(s => s.id))))
    .groupBy(deals.stageId)
  if (!occupied.length) return
  const names = occupied.map(o => `"${stages.find(s => s.id === o.stageId)?.name}" (${o.deals} deal${o.deals === 1 ? '' : 's'})`)
  throw conflict(`Move the deals out of ${names.join(', ')} before removing ${occupied.length === 1 ? 'that stage' : 'those stages'}`)
}

/** Deletes a pipeline (admin+); refused while it holds deals, and for the organization's last pipeline. */
export async function remove(ctx: TenantContext, id: string): Promise<{ id: string }> {
  return withTenant(ctx, async (tx) => {
    const before = await lockRow(tx, ctx.orgId, id)
    const [held] = await tx.select({ deals: count() }).from(deals).where(and(eq(deals.orgId, ctx.orgId), eq(deals.pipelineId, id)))
    if (held && held.deals > 0) {
      throw conflict(`This pipeline still holds ${held.deals} deal${held.deals === 1 ? '' : 's'}; move or delete them first`)
    }
    const [all] = await tx.select({ pipelines: count() }).from(pipelines).where(eq(pipelines.orgId, ctx.orgId))
    if ((all?.pipelines ?? 0) <= 1) throw conflict('An organization keeps at least one pipeline')
    await tx.delete(pipelines).where(and(eq(pipelines.orgId, ctx.orgId), eq(pipelines.id, id)))
    await recordAudit(tx, ctx, {
      action: 'pipeline.delete', entity: 'pipeline', entityId: id, changes: snapshotChanges({ name: before.name, stages: before.stages }, 'deleted'),
    })
    return { id }
  })
}

import type { ActivityType, DealStatus, StageKind } from '~~/shared/domain'

/** A deal as GET /api/v1/deals lists it (the fields the board shows). */
export interface BoardDeal {
  id: string
  title: string
  value: string
  currency: string
  pipelineId: string
  stageId: string
  status: DealStatus
  expectedCloseDate: string | null
  contact: { id: string, firstName: string, lastName: string } | null
  company: { id: string, name: string } | null
  owner: { id: string, name: string } | null
  stageEnteredAt: string | null
  updatedAt: string
  nextActivity: { id: string, type: ActivityType, subject: string, dueAt: string | null } | null
}

export interface BoardStage { id: string, name: string, kind: StageKind, probability: number, position: number, rottingDays?: number }
export interface BoardPipeline { id: string, name: string, stages: BoardStage[] }
export interface StageTotal { stageId: string, currency: string, count: number, value: string, weightedValue: string }

import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import { call } from './http'

export const unique = () => randomBytes(4).toString('hex')

/** A UUIDv7-shaped id that names nothing. */
export const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

export interface Stage { id: string, name: string, kind: 'open' | 'won' | 'lost', probability: number, position: number }

/** A newly registered organization of its own: its owner's token and ids, and its default pipeline. */
export interface Tenant {
  token: string
  userId: string
  orgId: string
  pipeline: { id: string, stages: Stage[] }
  /** The pipeline's stages by kind: the first open one, the won and the lost one. */
  stage: { first: Stage, second: Stage, won: Stage, lost: Stage }
}

export async function newTenant(label = 'crm'): Promise<Tenant> {
  const res = await call('POST', '/api/v1/auth/register', {
    body: { organizationName: `${label} ${unique()} GmbH`, name: `Owner ${label}`, email: `${label}-${unique()}@example.test`, password: 'a sturdy passphrase 42' },
  })
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`)
  const token = res.body.data.accessToken as string
  const pipelines = await call('GET', '/api/v1/pipelines', { token })
  const pipeline = pipelines.body.data[0] as Tenant['pipeline']
  const open = pipeline.stages.filter(s => s.kind === 'open')
  return {
    token,
    userId: res.body.data.user.id,
    orgId: res.body.data.organization.id,
    pipeline,
    stage: { first: open[0]!, second: open[1]!, won: pipeline.stages.find(s => s.kind === 'won')!, lost: pipeline.stages.find(s => s.kind === 'lost')! },
  }
}

/** POSTs and expects a 201; returns the created record. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
export async function make<T = any>(token: string, path: string, body: unknown): Promise<T> {
  const res = await call('POST', path, { token, body })
  expect(res.status, `${path}: ${res.text}`).toBe(201)
  return res.body.data as T
}

/** The audit entries about one record, newest first. */
export async function historyOf(token: string, resource: string, id: string) {
  const res = await call('GET', `/api/v1/${resource}/${id}/history?limit=100`, { token })
  expect(res.status, res.text).toBe(200)
  return res.body.data as { action: string, changes: Record<string, { from: unknown, to: unknown }> | null, actorId: string, actorType: string, actorName: string | null }[]
}

import { describe, expect, it } from 'vitest'
import { queryOperation } from '../../server/utils/metrics'
import { shutdownConfig } from '../../server/utils/shutdown'

describe('query operation labels', () => {
  it('names the statement by its first word, whatever Drizzle calls it', () => {
    expect(queryOperation('select "id" from "contacts" where "org_id" = $1')).toBe('select')
    expect(queryOperation('  INSERT INTO "audit_logs" values ($1)')).toBe('insert')
    // Drizzle's own metadata calls an update an insert; the label must not.
    expect(queryOperation('update "users" set "failed_logins" = $1')).toBe('update')
    expect(queryOperation('delete from "deals" where "id" = $1')).toBe('delete')
  })

  it('groups everything else, so the label set stays bounded', () => {
    expect(queryOperation('with x as (select 1) select * from x')).toBe('other')
    expect(queryOperation('CREATE INDEX "a" ON "b" ("c")')).toBe('other')
    expect(queryOperation('')).toBe('other')
    expect(queryOperation('selectx 1')).toBe('other')
  })
})

describe('shutdown settings', () => {
  it('reads the variables Nitro reads, with its defaults', () => {
    expect(shutdownConfig({})).toEqual({ enabled: true, signals: ['SIGTERM', 'SIGINT'], timeoutMs: 30_000 })
    expect(shutdownConfig({ NITRO_SHUTDOWN_TIMEOUT: '20000', NITRO_SHUTDOWN_SIGNALS: 'SIGTERM' })).toEqual({ enabled: true, signals: ['SIGTERM'], timeoutMs: 20_000 })
    expect(shutdownConfig({ NITRO_SHUTDOWN_DISABLED: '1' }).enabled).toBe(false)
  })
})

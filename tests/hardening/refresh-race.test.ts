import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { unique } from '../support/crm'
import { call } from '../support/http'
import { report, scaled } from './support'

// Refresh-token races over HTTP: however many refreshes of one API-client token race,
// at most one wins, and afterwards at most one token of the family still works (the
// server revokes the family when it sees the token again), never two. The web app's
// tokens forgive a race instead (one successor for all): tests/db/auth.test.ts.

const refresh = (refreshToken: string) => call('POST', '/api/v1/auth/refresh', { body: { refreshToken } })

describe('refresh-token races', () => {
  it('of N parallel refreshes with one token at most one wins, and never two valid families remain', async () => {
    const password = 'a sturdy passphrase 42'
    const email = `race-${unique()}@example.test`
    const registered = await call('POST', '/api/v1/auth/register', { body: { organizationName: `Race ${unique()} GmbH`, name: 'Rita Race', email, password } })
    expect(registered.status, registered.text).toBe(201)
    const tally = { rounds: 0, requests: 0, winners: 0, survivors: 0 }
    await fc.assert(fc.asyncProperty(fc.integer({ min: 2, max: 12 }), async (racers) => {
      const login = await call('POST', '/api/v1/auth/login', { body: { email, password } })
      expect(login.status, login.text).toBe(200)
      const answers = await Promise.all(Array.from({ length: racers }, () => refresh(login.body.data.refreshToken as string)))
      const statuses = answers.map(a => a.status)
      expect(statuses.every(s => s === 200 || s === 401), JSON.stringify(statuses)).toBe(true)
      const winners = answers.filter(a => a.status === 200)
      expect(winners.length, JSON.stringify(statuses)).toBeLessThanOrEqual(1)
      // Every token the race handed out: at most one may still be used.
      const survivors = (await Promise.all(winners.map(w => refresh(w.body.data.refreshToken as string)))).filter(r => r.status === 200)
      expect(survivors.length).toBeLessThanOrEqual(1)
      tally.rounds++
      tally.requests += racers
      tally.winners += winners.length
      tally.survivors += survivors.length
    }), { numRuns: scaled(8, 60) })
    report('refresh-token races (API client tokens)', tally, 'at most one winner per race; never more than one usable token of a family afterwards')
  }, 300_000)
})

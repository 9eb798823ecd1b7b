import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { call } from '../support/http'

const PASSWORD = 'correct horse battery staple'

async function register(label: string) {
  const email = `${label}-${randomBytes(5).toString('hex')}@example.test`
  const res = await call('POST', '/api/v1/auth/register', { body: { organizationName: `Org ${label}`, name: `Owner ${label}`, email, password: PASSWORD }, headers: { 'accept-language': 'en' } })
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`)
  return res.body.data as { accessToken: string, user: { id: string } }
}

describe('time zone and language on the profile', () => {
  it('are read with GET /me and changed with PUT /me; null follows the organization', async () => {
    const account = await register('tz')
    const token = account.accessToken
    const before = await call('GET', '/api/v1/auth/me', { token })
    expect(before.body.data.user).toMatchObject({ locale: 'en', timeZone: null })
    expect(before.body.data.organization.timeZone).toBe('Europe/Berlin')

    const changed = await call('PUT', '/api/v1/auth/me', { token, body: { timeZone: 'america/new_york', locale: 'de' } })
    expect(changed.status).toBe(200)
    expect(changed.body.data.user).toMatchObject({ id: account.user.id, locale: 'de', timeZone: 'America/New_York' })
    expect((await call('GET', '/api/v1/auth/me', { token })).body.data.user.timeZone).toBe('America/New_York')

    const cleared = await call('PUT', '/api/v1/auth/me', { token, body: { timeZone: null } })
    expect(cleared.body.data.user).toMatchObject({ locale: 'de', timeZone: null })
  })

  it('answer 400 naming the field for a zone that does not exist, and change nothing', async () => {
    const { accessToken: token } = await register('tz-bad')
    await call('PUT', '/api/v1/auth/me', { token, body: { timeZone: 'Europe/Vienna' } })
    for (const timeZone of ['Europe/Atlantis', '+02:00', 'GMT+2', '', 42]) {
      const res = await call('PUT', '/api/v1/auth/me', { token, body: { timeZone, name: 'Changed' } })
      expect(res.status, String(timeZone)).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_ERROR')
      expect(res.body.error.details).toContainEqual(expect.objectContaining({ path: 'timeZone' }))
    }
    expect((await call('GET', '/api/v1/auth/me', { token })).body.data.user).toMatchObject({ timeZone: 'Europe/Vienna', name: 'Owner tz-bad' })
  })

  it('let an admin set the organization\'s default zone, checked like the profile\'s', async () => {
    const { accessToken: token } = await register('tz-org')
    const res = await call('PUT', '/api/v1/organization', { token, body: { timeZone: 'Europe/Lisbon' } })
    expect(res.status).toBe(200)
    expect(res.body.data.timeZone).toBe('Europe/Lisbon')
    expect((await call('GET', '/api/v1/organization', { token })).body.data.timeZone).toBe('Europe/Lisbon')
    expect((await call('GET', '/api/v1/auth/me', { token })).body.data.organization.timeZone).toBe('Europe/Lisbon')
    const bad = await call('PUT', '/api/v1/organization', { token, body: { timeZone: 'Lisbon' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details).toContainEqual(expect.objectContaining({ path: 'timeZone' }))
  })

  it('switch the morning digest off through the notification preferences', async () => {
    const { accessToken: token } = await register('tz-digest')
    const res = await call('PUT', '/api/v1/notifications/preferences', { token, body: { settings: { digest: { email: false } } } })
    expect(res.status).toBe(200)
    expect(res.body.data.settings).toEqual({ digest: { email: false } })
    expect((await call('PUT', '/api/v1/notifications/preferences', { token, body: { settings: { digest: { push: true } } } })).status).toBe(400)
  })
})

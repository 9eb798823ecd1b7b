import { execFileSync } from 'node:child_process'
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import webpush from 'web-push'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrivateDatabase } from '../support/database'
import { startServer, type TestServer } from '../support/server'

// Web push end to end: the built server (in production mode) sends to a push service of our
// own on loopback, over https with a certificate made here, which checks the VAPID
// signature as a real push service does and decrypts the aes128gcm payload with the
// device's keys, as the browser would.
const ece = createRequire(import.meta.url)('http_ece') as { decrypt: (body: Buffer, params: { version: string, privateKey: ECDH, authSecret: string }) => Buffer }
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

interface Received { path: string, authorization: string, ttl: string, urgency: string, encoding: string, body: Buffer, answered: number }

/** A push service on loopback: records what it gets and answers `status.next` (201 unless told). */
async function pushService(dir: string) {
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
    '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' })
  const received: Received[] = []
  const status = { next: 201 }
  const server: Server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({
        path: req.url ?? '', authorization: String(req.headers.authorization ?? ''), ttl: String(req.headers.ttl ?? ''),
        urgency: String(req.headers.urgency ?? ''), encoding: String(req.headers['content-encoding'] ?? ''), body: Buffer.concat(chunks), answered: status.next,
      })
      res.writeHead(status.next).end()
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise(resolve => server.close(() => resolve())))
  const address = server.address()
  const origin = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return { origin, cert, received, status }
}

/** What a push service checks: `vapid t=<ES256 JWT>, k=<the key it was signed with>`, for this origin, not expired. */
function verifyVapid(authorization: string, audience: string, publicKey: string): Record<string, unknown> {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization)
  expect(match, authorization).not.toBeNull()
  const [, jwt, k] = match!
  expect(k).toBe(publicKey)
  const [header, payload, signature] = jwt!.split('.') as [string, string, string]
  expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'ES256' })
  const point = Buffer.from(k!, 'base64url')
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') }, format: 'jwk' })
  expect(verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true)
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { aud: string, exp: number, sub: string }
  expect(claims.aud).toBe(audience)
  expect(claims.exp).toBeGreaterThan(Date.now() / 1000)
  expect(claims.sub).toBe('mailto:push@pulse.test')
  return claims
}

/** A browser's side of a subscription: a P-256 key pair and a 16-byte auth secret. */
function device(origin: string) {
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  const auth = randomBytes(16).toString('base64url')
  return { ecdh, auth, body: { endpoint: `${origin}/push/${randomBytes(8).toString('hex')}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth } } }
}

async function request(server: TestServer, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
  return { status: res.status, body: await res.json().catch(() => null) as any }
}

async function register(server: TestServer, name: string) {
  const email = `push-${randomBytes(5).toString('hex')}@example.test`
  const res = await request(server, 'POST', '/api/v1/auth/register', undefined, { organizationName: 'Push GmbH', name, email, password: 'a sturdy passphrase 42' })
  expect(res.status).toBe(201)
  return res.body.data.accessToken as string
}

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await sleep(150)
  }
}

describe('web push', () => {
  let server: TestServer
  let service: Awaited<ReturnType<typeof pushService>>
  const vapid = webpush.generateVAPIDKeys()

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-push-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    service = await pushService(dir)
    const pg = await createPrivateDatabase()
    cleanups.push(pg.drop)
    server = await startServer({
      ...(pg.url ? { DATABASE_URL: pg.url } : { PGLITE_DIR: join(dir, 'pglite') }),
      PULSE_SEED_DEMO: 'never', PULSE_NOTIFY_INTERVAL_MS: '300',
      VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:push@pulse.test',
      // The server trusts the push service's certificate made above, and may reach it on
      // loopback, which the outbound rule refuses in production by default (tested below).
      NODE_EXTRA_CA_CERTS: service.cert, OUTBOUND_ALLOW_PRIVATE: 'true',
      RATE_LIMIT_ANONYMOUS: '100000', RATE_LIMIT_AUTHENTICATED: '100000', RATE_LIMIT_AUTH: '10000',
    })
    cleanups.push(() => server.stop())
  }, 120_000)

  it('reaches a subscribed device with a signed, encrypted reminder, and forgets a device that is gone', async () => {
    const token = await register(server, 'Paula Push')
    expect((await request(server, 'GET', '/api/v1/notifications/push-key', token)).body.data).toEqual({ publicKey: vapid.publicKey })
    const phone = device(service.origin)
    const subscribed = await request(server, 'POST', '/api/v1/notifications/push-subscriptions', token, phone.body)
    expect(subscribed.status).toBe(201)
    // The same endpoint again updates it.
    const again = await request(server, 'POST', '/api/v1/notifications/push-subscriptions', token, phone.body)
    expect(again).toMatchObject({ status: 201, body: { data: { id: subscribed.body.data.id } } })

    const dueAt = new Date(Date.now() + 60_000 + 800).toISOString()
    const activity = await request(server, 'POST', '/api/v1/activities', token, { type: 'call', subject: 'Angebot nachfassen', dueAt, reminders: [1] })
    expect(activity.status).toBe(201)
    const pushes = await until(() => service.received.filter(r => r.path === new URL(phone.body.endpoint).pathname), list => list.length > 0)
    expect(pushes).toHaveLength(1)
    const [push] = pushes
    verifyVapid(push!.authorization, service.origin, vapid.publicKey)
    expect(push!).toMatchObject({ encoding: 'aes128gcm', ttl: '86400', urgency: 'high' })
    const message = JSON.parse(ece.decrypt(push!.body, { version: 'aes128gcm', privateKey: phone.ecdh, authSecret: phone.auth }).toString())
    const [notification] = (await request(server, 'GET', '/api/v1/notifications', token)).body.data
    // In the recipient's language: a new organization's first person reads German.
    expect(message).toEqual({ title: 'Erinnerung: Angebot nachfassen', body: expect.stringContaining('Angebot nachfassen'), url: `/activities?open=${activity.body.data.id}`, tag: notification.id })

    // The push service says the device is gone: it is forgotten.
    service.status.next = 410
    const soon = new Date(Date.now() + 60_000 + 500).toISOString()
    expect((await request(server, 'POST', '/api/v1/activities', token, { type: 'task', subject: 'Zweite Erinnerung', dueAt: soon, reminders: [1] })).status).toBe(201)
    await until(() => service.received.filter(r => r.answered === 410), list => list.length > 0)
    await sleep(1500)
    expect((await request(server, 'DELETE', '/api/v1/notifications/push-subscriptions', token, { endpoint: phone.body.endpoint })).status).toBe(404)
    service.status.next = 201
  }, 120_000)

  it('lets only its owner unsubscribe a device, and refuses what is not a subscription', async () => {
    const token = await register(server, 'Olga Owner')
    const other = await register(server, 'Otto Other')
    const tablet = device(service.origin)
    expect((await request(server, 'POST', '/api/v1/notifications/push-subscriptions', token, tablet.body)).status).toBe(201)
    expect((await request(server, 'DELETE', '/api/v1/notifications/push-subscriptions', other, { endpoint: tablet.body.endpoint })).status).toBe(404)
    expect((await request(server, 'DELETE', '/api/v1/notifications/push-subscriptions', token, { endpoint: tablet.body.endpoint })).status).toBe(200)
    expect((await request(server, 'DELETE', '/api/v1/notifications/push-subscriptions', token, { endpoint: tablet.body.endpoint })).status).toBe(404)
    // A device is one person's: signed in elsewhere (another organization here) and subscribed there, it moves.
    expect((await request(server, 'POST', '/api/v1/notifications/push-subscriptions', token, tablet.body)).status).toBe(201)
    expect((await request(server, 'POST', '/api/v1/notifications/push-subscriptions', other, tablet.body)).status).toBe(201)
    expect((await request(server, 'DELETE', '/api/v1/notifications/push-subscriptions', token, { endpoint: tablet.body.endpoint })).status).toBe(404)
    expect((await request(server, 'DELETE', '/api/v1/notifications/push-subscriptions', other, { endpoint: tablet.body.endpoint })).status).toBe(200)

    const bad = [
      {},
      { endpoint: tablet.body.endpoint },
      { ...tablet.body, extra: true },
      { ...tablet.body, keys: { ...tablet.body.keys, auth: 'short' } },
      { ...tablet.body, keys: { ...tablet.body.keys, p256dh: 'not a key' } },
      { ...tablet.body, endpoint: 'javascript:alert(1)' },
      { ...tablet.body, endpoint: `https://push.example.com/${'x'.repeat(3000)}` },
      // Production: https only.
      { ...tablet.body, endpoint: tablet.body.endpoint.replace('https:', 'http:') },
    ]
    for (const body of bad) {
      const res = await request(server, 'POST', '/api/v1/notifications/push-subscriptions', token, body)
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_ERROR')
    }
    expect((await request(server, 'POST', '/api/v1/notifications/push-subscriptions', undefined, tablet.body)).status).toBe(401)
  }, 120_000)
})

describe('web push under the outbound rule', () => {
  let server: TestServer
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-push-guard-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    server = await startServer({ PGLITE_DIR: join(dir, 'pglite'), PULSE_SEED_DEMO: 'never', RATE_LIMIT_AUTH: '10000' })
    cleanups.push(() => server.stop())
  }, 120_000)

  it('refuses devices on private, loopback, link-local and metadata addresses, and accepts a public name', async () => {
    const token = await register(server, 'Gerda Guard')
    const { body } = device('https://push.example.com')
    for (const origin of ['https://127.0.0.1:8443', 'https://[::1]', 'https://[::ffff:7f00:1]', 'https://10.0.0.8', 'https://192.168.1.20', 'https://169.254.169.254', 'https://[fd00:ec2::254]', 'https://localhost', 'https://push.localhost']) {
      const res = await request(server, 'POST', '/api/v1/notifications/push-subscriptions', token, { ...body, endpoint: `${origin}/push/device` })
      expect(res.status, origin).toBe(400)
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ path: 'endpoint' }] })
    }
    // A name is judged by the addresses it resolves to when the push is sent (tests/unit/outbound.test.ts).
    expect((await request(server, 'POST', '/api/v1/notifications/push-subscriptions', token, body)).status).toBe(201)
  }, 60_000)
})

import { randomBytes } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { join, relative } from 'node:path'
import { Secret, TOTP } from 'otpauth'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { z } from 'zod'
import { buildOpenApiDocument } from '../../server/openapi/document'
import { UNDECLARED_ROUTES } from '../../server/openapi/undeclared'
import { call, DEMO, login, type Answer } from '../support/http'
import { waitForMails } from '../support/mail-server'
import { ResponseChecker, type Method, type OpenApiDocument } from '../support/openapi'

const API_DIR = 'server/api'
const PASSWORD = 'a sturdy passphrase 42'
const unique = () => randomBytes(5).toString('hex')

/** `members/[id].put.ts` → `put /api/v1/members/{id}`; index files name their folder. */
function routeOfFile(file: string): { method: Method, path: string } {
  const match = /^(.*?)(?:\.(get|post|put|patch|delete))?\.ts$/.exec(file)!
  const segments = match[1]!.split('/').filter(s => s !== 'index')
  const path = `/api/${segments.map(s => s.replace(/^\[\.\.\.\]$/, '**').replace(/^\[(\w+)\]$/, '{$1}')).join('/')}`.replace(/\/$/, '')
  return { method: (match[2] ?? 'get') as Method, path }
}

function routeFiles(dir = API_DIR): string[] {
  return readdirSync(dir).sort().flatMap((entry) => {
    const full = join(dir, entry)
    return statSync(full).isDirectory() ? routeFiles(full) : [relative(API_DIR, full)]
  })
}

let document: OpenApiDocument
let checker: ResponseChecker
/** `method path status` of every real answer that was checked. */
const checked = new Set<string>()

interface Request { token?: string, body?: unknown, raw?: string, query?: Record<string, string>, params?: Record<string, string>, headers?: Record<string, string> }

/** Calls one documented operation and checks the answer against the document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
async function api<T = any>(method: Method, path: string, request: Request = {}): Promise<Answer<T>> {
  checker.operation(method, path)
  let url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(request.params?.[name] ?? ''))
  if (request.query) url += `?${new URLSearchParams(request.query)}`
  return checkAnswer(await call<T>(method.toUpperCase(), url, request), method, path)
}

function checkAnswer<T>(answer: Answer<T>, method: Method, path: string): Answer<T> {
  checker.assert(answer, method, path)
  checked.add(`${method} ${path} ${answer.status}`)
  return answer
}

/** A top-level page load as a browser makes it (fetch would send `Sec-Fetch-Mode: cors`). */
function navigate(path: string): Promise<Answer> {
  const headers = { 'accept': 'text/html', 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' }
  return new Promise((resolve, reject) => {
    request(new URL(path, inject('baseUrl')), { headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => {
        const answer = new Headers()
        for (const [name, value] of Object.entries(res.headers)) for (const one of [value ?? []].flat()) answer.append(name, one)
        resolve({ status: res.statusCode ?? 0, headers: answer, body: text, text })
      })
    }).on('error', reject).end()
  })
}

async function register(token?: string) {
  const email = `openapi-${unique()}@example.test`
  const res = await api('post', '/api/v1/auth/register', {
    body: { organizationName: `OpenAPI ${unique()}`, name: 'Olga Owner', email, password: PASSWORD },
    ...(token ? { token } : {}),
  })
  expect(res.status).toBe(201)
  return { email, token: res.body.data.accessToken as string, refreshToken: res.body.data.refreshToken as string, userId: res.body.data.user.id as string }
}

async function tokenFromMail(to: string, count: number, route: string): Promise<string> {
  const mails = await waitForMails(inject('mailServerUrl'), to, count)
  const text = mails[count - 1]?.text ?? ''
  const token = new RegExp(`/${route}\\?token=([^\\s&]+)`).exec(text)?.[1]
  if (!token) throw new Error(`no ${route} link in the mail to ${to}: ${text}`)
  return decodeURIComponent(token)
}

beforeAll(async () => {
  const res = await call('GET', '/api/v1/openapi.json')
  document = res.body as OpenApiDocument
  checker = new ResponseChecker(document)
})

describe('the OpenAPI document', () => {
  it('is served publicly as JSON and revalidates with its ETag', async () => {
    const res = await api('get', '/api/v1/openapi.json')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(res.body.openapi).toBe('3.1.1')
    const etag = res.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    const again = await call('GET', '/api/v1/openapi.json', { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
  })

  it('describes every route file under server/api, from its declaration; the undeclared ones are the reviewed list', () => {
    const documented = new Set(Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map(method => `${method} ${path}`)))
    const routes = new Set<string>()
    const missing: string[] = []
    for (const file of routeFiles()) {
      const { method, path } = routeOfFile(file)
      if (UNDECLARED_ROUTES.some(u => u.route === path.replace(/\{(\w+)\}/g, ':$1'))) continue
      routes.add(`${method} ${path}`)
      if (!documented.has(`${method} ${path}`)) missing.push(`${method.toUpperCase()} ${path} (server/api/${file})`)
    }
    expect(missing, 'route files without a declaration').toEqual([])
    expect([...documented].filter(op => !routes.has(op)), 'operations without a route file').toEqual([])
    expect(routes.size).toBeGreaterThanOrEqual(29)
  })

  it('documents security, the error envelope and the rate-limit headers', () => {
    const doc = document as unknown as { components: Record<string, Record<string, { scheme?: string, bearerFormat?: string }>>, servers: { url: string }[] }
    expect(doc.components.securitySchemes!.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    expect(doc.components.securitySchemes!.apiKey).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'pk_…' })
    expect(Object.keys(doc.components.headers!)).toEqual(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After'])
    expect(doc.components.parameters!.IdempotencyKey).toMatchObject({ in: 'header', name: 'Idempotency-Key' })
    expect(doc.servers).toEqual([{ url: '/', description: 'This server' }])
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect(op.responses['500'], `${method} ${path}`).toEqual({ $ref: '#/components/responses/InternalError' })
      }
    }
  })

  it('documents list parameters by what a client sends: strings and numbers from the query', () => {
    const params = (document.paths['/api/v1/members']!.get as unknown as { parameters: { name: string, schema: Record<string, unknown> }[] }).parameters
    const byName = Object.fromEntries(params.map(p => [p.name, p.schema]))
    expect(byName.page).toMatchObject({ type: 'integer', minimum: 1, default: 1 })
    expect(byName.limit).toMatchObject({ type: 'integer', maximum: 100, default: 20 })
    expect(byName.sort).toMatchObject({ type: 'string' })
    expect(new RegExp(byName.sort!.pattern as string).test('-lastLoginAt,name')).toBe(true)
    expect(new RegExp(byName.sort!.pattern as string).test('password')).toBe(false)
    const keys = (document.paths['/api/v1/api-keys']!.get as unknown as { parameters: { name: string, schema: unknown }[] }).parameters
    expect(keys.find(p => p.name === 'includeRevoked')!.schema).toEqual({ type: 'string', enum: ['true', 'false'] })
  })

  it('gives an idempotent operation the Idempotency-Key header, 409 and 422', () => {
    const example = {
      method: 'post' as const,
      path: '/api/v1/examples',
      spec: {
        operationId: 'createExample',
        tag: 'System' as const,
        summary: 'Create an example',
        access: 'member' as const,
        idempotent: true,
        body: z.object({ name: z.string() }).strict(),
        example: { body: { name: 'Example' } },
        success: { status: 201 as const, description: 'Created.', data: z.object({ id: z.uuid() }) },
      },
    }
    const built = buildOpenApiDocument([example]) as unknown as OpenApiDocument & { paths: Record<string, { post: { parameters: unknown[], security: unknown[] } }> }
    const op = built.paths['/api/v1/examples']!.post
    expect(op.parameters).toEqual([{ $ref: '#/components/parameters/IdempotencyKey' }])
    expect(Object.keys((op as unknown as { responses: object }).responses)).toEqual(['201', '400', '401', '403', '409', '413', '422', '429', '500', '503'])
    expect(op.security).toEqual([{ bearerAuth: [] }, { apiKey: [] }])
  })

  it('has response schemas that all compile, and a checker that refuses what the document does not allow', async () => {
    expect(checker.compileAll()).toBeGreaterThan(20)
    const res = await call('GET', '/api/health')
    expect(checker.problems(res, 'get', '/api/health')).toEqual([])
    const leaked = { ...res, body: { ...res.body, data: { ...res.body.data, secret: 'x' } } }
    expect(checker.problems(leaked, 'get', '/api/health')).toEqual(['body/data must NOT have additional properties (secret)'])
    const wrongType = { ...res, body: { success: true, data: { status: 'ok', uptime: '12' } } }
    expect(checker.problems(wrongType, 'get', '/api/health')).toEqual(['body/data/uptime must be integer'])
    expect(checker.problems({ ...res, status: 418 }, 'get', '/api/health')[0]).toMatch(/status 418 is not documented/)
    const html = { ...res, headers: new Headers({ 'content-type': 'text/html' }) }
    expect(checker.problems(html, 'get', '/api/health')[0]).toMatch(/content type "text\/html"/)
    expect(() => checker.operation('get', '/api/v1/nope')).toThrow(/not documented/)
    // An error answer must carry the code of its status.
    const notFound = await call('GET', '/api/v1/members/00000000-0000-7000-8000-000000000000', { token: await login() })
    expect(notFound.status).toBe(404)
    expect(checker.problems({ ...notFound, status: 409 }, 'delete', '/api/v1/members/{id}')).toEqual(['body/error/code must be equal to constant'])
  })
})

describe('real answers match the document', () => {
  it('probes', async () => {
    expect((await api('get', '/api/health')).status).toBe(200)
    expect((await api('get', '/api/ready')).status).toBe(200)
  })

  it('sign-up, sign-in, sessions and profile', async () => {
    const owner = await register()
    expect((await api('post', '/api/v1/auth/register', { body: { organizationName: 'X', name: 'Y', email: owner.email, password: PASSWORD } })).status).toBe(409)
    const invalid = await api('post', '/api/v1/auth/register', { body: { organizationName: '', email: 'nope', password: 'short', role: 'owner' } })
    expect(invalid.status).toBe(400)
    expect(invalid.body.error.details.length).toBeGreaterThan(2)
    expect((await api('post', '/api/v1/auth/login', { raw: '{not json', headers: { 'content-type': 'application/json' } })).status).toBe(400)

    const signedIn = await api('post', '/api/v1/auth/login', { body: { email: owner.email, password: PASSWORD } })
    expect(signedIn.status).toBe(200)
    expect((await api('post', '/api/v1/auth/login', { body: { email: owner.email, password: 'wrong password' } })).status).toBe(401)

    expect((await api('get', '/api/v1/auth/me', { token: owner.token })).status).toBe(200)
    expect((await api('get', '/api/v1/auth/me')).status).toBe(401)
    expect((await api('put', '/api/v1/auth/me', { token: owner.token, body: { name: 'Olga O.', locale: 'en' } })).status).toBe(200)
    expect((await api('put', '/api/v1/auth/me', { token: owner.token, body: { locale: 'fr' } })).status).toBe(400)

    const refreshed = await api('post', '/api/v1/auth/refresh', { body: { refreshToken: owner.refreshToken } })
    expect(refreshed.status).toBe(200)
    expect((await api('post', '/api/v1/auth/refresh', { body: { refreshToken: 'rt_unknown' } })).status).toBe(401)
    expect((await api('post', '/api/v1/auth/logout', { body: { refreshToken: refreshed.body.data.refreshToken } })).status).toBe(200)

    // The sign-up's session has just been signed out, and its access token with it: the sign-in's session goes on.
    expect((await api('get', '/api/v1/auth/me', { token: owner.token })).status).toBe(401)
    const token = signedIn.body.data.accessToken as string
    expect((await api('post', '/api/v1/auth/change-password', { token, body: { currentPassword: 'not it', newPassword: 'another sturdy passphrase' } })).status).toBe(400)
    expect((await api('post', '/api/v1/auth/change-password', { token, body: { currentPassword: PASSWORD, newPassword: 'another sturdy passphrase' } })).status).toBe(200)
  })

  it('the second factor: enrolment, the sign-in challenge, recovery codes and removal', async () => {
    // Codes of neighbouring steps follow: not within the last seconds of one.
    const left = 30 - ((Date.now() / 1000) % 30)
    if (left < 5) await new Promise(r => setTimeout(r, left * 1000 + 200))
    const owner = await register()
    expect((await api('get', '/api/v1/auth/mfa', { token: owner.token })).status).toBe(200)
    const begun = await api('post', '/api/v1/auth/mfa/totp', { token: owner.token })
    expect(begun.status).toBe(201)
    const app = new TOTP({ secret: Secret.fromBase32(begun.body.data.secret), digits: 6, period: 30 })
    // A step ahead (within the drift window): the next code used below is later still.
    const code = (steps: number) => app.generate({ timestamp: Date.now() + steps * 30_000 })
    expect((await api('post', '/api/v1/auth/mfa/totp/confirm', { token: owner.token, body: { code: 'abc' } })).status).toBe(400)
    expect((await api('post', '/api/v1/auth/mfa/totp/confirm', { token: owner.token, body: { code: code(-1) } })).status).toBe(200)
    expect((await api('post', '/api/v1/auth/mfa/totp', { token: owner.token })).status).toBe(409)
    const challenge = await api('post', '/api/v1/auth/login', { body: { email: owner.email, password: PASSWORD } })
    expect(challenge.status).toBe(200)
    expect((await api('post', '/api/v1/auth/mfa/verify', { body: { challenge: challenge.body.data.challenge, code: '000000' } })).status).toBe(400)
    expect((await api('post', '/api/v1/auth/mfa/verify', { body: { challenge: challenge.body.data.challenge, code: code(0) } })).status).toBe(200)
    expect((await api('post', '/api/v1/auth/mfa/recovery-codes', { token: owner.token, body: { password: PASSWORD } })).status).toBe(200)
    expect((await api('put', '/api/v1/organization/mfa-policy', { token: owner.token, body: { policy: 'admins' } })).status).toBe(200)
    expect((await api('put', '/api/v1/organization/mfa-policy', { token: owner.token, body: { policy: 'off' } })).status).toBe(200)
    expect((await api('post', '/api/v1/auth/mfa/totp/disable', { token: owner.token, body: { password: 'wrong' } })).status).toBe(400)
    expect((await api('post', '/api/v1/auth/mfa/totp/disable', { token: owner.token, body: { code: code(1) } })).status).toBe(200)
  })

  it('the web app\'s session mode: the refresh token as a cookie, only from its own pages', async () => {
    const account = await register()
    const web = { 'x-pulse-client': 'web' }
    const signedIn = await api('post', '/api/v1/auth/login', { headers: web, body: { email: account.email, password: PASSWORD } })
    expect(signedIn.status).toBe(200)
    expect(signedIn.body.data.refreshToken).toBeUndefined()
    expect(signedIn.headers.getSetCookie().join('\n')).toMatch(/pulse\.refresh=rtb_/)
    const foreign = await api('post', '/api/v1/auth/login', { headers: { ...web, origin: 'https://evil.example' }, body: { email: account.email, password: PASSWORD } })
    expect(foreign.status).toBe(403)
    expect((await api('post', '/api/v1/auth/refresh', { headers: web, body: {} })).status).toBe(401)
    expect((await api('post', '/api/v1/auth/logout', { headers: web, body: {} })).status).toBe(200)

    const resumed = checkAnswer(await navigate('/api/v1/auth/resume?redirect=%2Fdeals'), 'get', '/api/v1/auth/resume')
    expect(resumed.status).toBe(303)
    expect(resumed.headers.get('location')).toBe('/deals')
    expect((await api('get', '/api/v1/auth/resume', { headers: { 'sec-fetch-mode': 'cors' } })).status).toBe(403)
  })

  it('password reset by mail', async () => {
    const account = await register()
    expect((await api('post', '/api/v1/auth/forgot-password', { body: { email: account.email } })).status).toBe(202)
    const token = await tokenFromMail(account.email, 1, 'reset-password')
    expect((await api('post', '/api/v1/auth/reset-password', { body: { token: 'pr_unknown', password: 'a brand new passphrase' } })).status).toBe(400)
    expect((await api('post', '/api/v1/auth/reset-password', { body: { token, password: 'a brand new passphrase' } })).status).toBe(200)
  })

  it('a locked sign-in answers 429 with Retry-After', async () => {
    const account = await register()
    let res: Answer | undefined
    for (let i = 0; i < 6; i++) res = await api('post', '/api/v1/auth/login', { body: { email: account.email, password: 'wrong password' } })
    expect(res!.status).toBe(429)
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('a body over the limit answers 413', async () => {
    const res = await api('post', '/api/v1/auth/login', { raw: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(413)
  })

  it('members, invitations and ownership', async () => {
    const owner = await register()
    const members = await api('get', '/api/v1/members', { token: owner.token, query: { sort: '-createdAt,name', q: 'olga', limit: '5' } })
    expect(members.status).toBe(200)
    expect(members.body.meta).toEqual({ page: 1, limit: 5, total: 1 })
    expect((await api('get', '/api/v1/members', { token: owner.token, query: { sort: 'password' } })).status).toBe(400)
    expect((await api('get', '/api/v1/members')).status).toBe(401)
    // The last owner stays one.
    expect((await api('put', '/api/v1/members/{id}', { token: owner.token, params: { id: owner.userId }, body: { role: 'admin' } })).status).toBe(409)
    const stranger = '00000000-0000-7000-8000-000000000000'
    expect((await api('put', '/api/v1/members/{id}', { token: owner.token, params: { id: stranger }, body: { role: 'admin' } })).status).toBe(404)
    expect((await api('delete', '/api/v1/members/{id}', { token: owner.token, params: { id: stranger } })).status).toBe(404)
    expect((await api('delete', '/api/v1/members/{id}', { token: owner.token, params: { id: 'not-a-uuid' } })).status).toBe(400)

    const email = `invitee-${unique()}@example.test`
    const invited = await api('post', '/api/v1/invitations', { token: owner.token, body: { email, role: 'admin', locale: 'en' } })
    expect(invited.status).toBe(201)
    expect((await api('post', '/api/v1/invitations', { token: owner.token, body: { email, role: 'admin' } })).status).toBe(409)
    expect((await api('get', '/api/v1/invitations', { token: owner.token })).body.data).toHaveLength(1)
    const token = await tokenFromMail(email, 1, 'accept-invite')
    expect((await api('get', '/api/v1/auth/invitation', { query: { token } })).status).toBe(200)
    expect((await api('get', '/api/v1/auth/invitation', { query: { token: 'inv_unknown' } })).status).toBe(404)
    expect((await api('get', '/api/v1/auth/invitation')).status).toBe(400)
    const accepted = await api('post', '/api/v1/auth/accept-invite', { body: { token, name: 'Ada Admin', password: PASSWORD } })
    expect(accepted.status).toBe(201)
    expect((await api('post', '/api/v1/auth/accept-invite', { body: { token, name: 'Ada Again', password: PASSWORD } })).status).toBe(404)
    expect((await api('delete', '/api/v1/invitations/{id}', { token: owner.token, params: { id: invited.body.data.id } })).status).toBe(409)
    const other = await api('post', '/api/v1/invitations', { token: owner.token, body: { email: `other-${unique()}@example.test`, role: 'viewer' } })
    expect((await api('delete', '/api/v1/invitations/{id}', { token: owner.token, params: { id: other.body.data.id } })).status).toBe(200)
    expect((await api('delete', '/api/v1/invitations/{id}', { token: owner.token, params: { id: stranger } })).status).toBe(404)

    const admin = { token: accepted.body.data.accessToken as string, id: accepted.body.data.user.id as string }
    // An admin may not grant the owner role.
    expect((await api('put', '/api/v1/members/{id}', { token: admin.token, params: { id: admin.id }, body: { role: 'owner' } })).status).toBe(403)
    expect((await api('put', '/api/v1/members/{id}', { token: owner.token, params: { id: admin.id }, body: { role: 'member' } })).status).toBe(200)

    expect((await api('post', '/api/v1/organization/transfer-ownership', { token: owner.token, body: { userId: owner.userId } })).status).toBe(400)
    expect((await api('post', '/api/v1/organization/transfer-ownership', { token: owner.token, body: { userId: stranger } })).status).toBe(404)
    expect((await api('post', '/api/v1/organization/transfer-ownership', { token: owner.token, body: { userId: admin.id } })).status).toBe(200)
    const newOwner = await api('post', '/api/v1/auth/login', { body: { email, password: PASSWORD } })
    const formerOwner = await api('post', '/api/v1/auth/login', { body: { email: owner.email, password: PASSWORD } })
    expect((await api('delete', '/api/v1/members/{id}', { token: newOwner.body.data.accessToken, params: { id: owner.userId } })).status).toBe(200)
    expect((await api('get', '/api/v1/members', { token: formerOwner.body.data.accessToken })).status).toBe(401)
  })

  it('API keys, and what a read-only key may do', async () => {
    const owner = await register()
    const created = await api('post', '/api/v1/api-keys', { token: owner.token, body: { name: 'Reporting', scope: 'read' } })
    expect(created.status).toBe(201)
    expect((await api('post', '/api/v1/api-keys', { token: owner.token, body: { name: 'Bad', scope: 'admin' } })).status).toBe(400)
    const key = created.body.data.key as string
    expect((await api('get', '/api/v1/members', { token: key })).status).toBe(200)
    expect((await api('get', '/api/v1/users', { token: key, query: { role: 'owner' } })).status).toBe(200)
    expect((await api('get', '/api/v1/auth/me', { token: key })).status).toBe(403)
    expect((await api('get', '/api/v1/api-keys', { token: key })).status).toBe(403)
    expect((await api('put', '/api/v1/organization', { token: key, body: { name: 'Hijacked' } })).status).toBe(403)
    expect((await api('get', '/api/v1/api-keys', { token: owner.token, query: { includeRevoked: 'true' } })).status).toBe(200)
    expect((await api('get', '/api/v1/api-keys', { token: owner.token, query: { includeRevoked: 'yes' } })).status).toBe(400)
    expect((await api('delete', '/api/v1/api-keys/{id}', { token: owner.token, params: { id: created.body.data.id } })).status).toBe(200)
    expect((await api('delete', '/api/v1/api-keys/{id}', { token: owner.token, params: { id: '00000000-0000-7000-8000-000000000000' } })).status).toBe(404)
    expect((await api('get', '/api/v1/members', { token: key })).status).toBe(401)
  })

  it('organization settings and deletion', async () => {
    const owner = await register()
    expect((await api('get', '/api/v1/organization', { token: owner.token })).status).toBe(200)
    expect((await api('put', '/api/v1/organization', { token: owner.token, body: { name: 'Renamed GmbH', settings: { defaultCurrency: 'chf' } } })).status).toBe(200)
    expect((await api('put', '/api/v1/organization', { token: owner.token, body: { settings: { defaultCurrency: 'euro' } } })).status).toBe(400)
    expect((await api('delete', '/api/v1/organization', { token: owner.token, body: { confirmName: 'Something else' } })).status).toBe(400)
    expect((await api('delete', '/api/v1/organization', { token: owner.token, body: { confirmName: 'Renamed GmbH' } })).status).toBe(200)
    expect((await api('get', '/api/v1/organization', { token: owner.token })).status).toBe(401)
  })

  it('the demo organization\'s lists and dashboard, full of data', async () => {
    const token = await login(DEMO.email, DEMO.password)
    const dashboard = await api('get', '/api/v1/dashboard', { token })
    expect(dashboard.status).toBe(200)
    expect(dashboard.body.data.recentActivities.length).toBeGreaterThan(0)
    expect((await api('get', '/api/v1/dashboard')).status).toBe(401)
    expect((await api('get', '/api/v1/members', { token, query: { limit: '100', sort: 'lastLoginAt' } })).body.data.length).toBeGreaterThan(1)
    expect((await api('get', '/api/v1/users', { token, query: { q: 'a' } })).status).toBe(200)
    expect((await api('get', '/api/v1/users', { token, query: { limit: '101' } })).status).toBe(400)
    expect((await api('get', '/api/v1/invitations', { token, query: { page: '2' } })).status).toBe(200)
    expect((await api('get', '/api/v1/api-keys', { token })).status).toBe(200)
    expect((await api('get', '/api/v1/organization', { token })).status).toBe(200)
  })

  it('the CRM resources: records, nested lists, moves, history, search and the audit log', async () => {
    const { token } = await register()
    const pipelines = await api('get', '/api/v1/pipelines', { token })
    const pipeline = pipelines.body.data[0]
    const won = pipeline.stages.find((s: { kind: string }) => s.kind === 'won')

    const company = (await api('post', '/api/v1/companies', { token, body: { name: 'Schema GmbH', website: 'schema.example', address: { city: 'Köln', country: 'DE' } } })).body.data
    const contact = (await api('post', '/api/v1/contacts', { token, body: { firstName: 'Sina', lastName: 'Schema', email: 'sina@schema.example', companyId: company.id, tags: ['api'] }, headers: { 'idempotency-key': `k-${unique()}` } })).body.data
    const deal = (await api('post', '/api/v1/deals', { token, body: { title: 'Schema-Deal', value: 1234.5, pipelineId: pipeline.id, contactId: contact.id, companyId: company.id, expectedCloseDate: '2027-06-30' } })).body.data
    const activity = (await api('post', '/api/v1/activities', { token, body: { type: 'task', subject: 'Schema prüfen', dueAt: '2027-01-01T09:00:00Z', dealId: deal.id, contactId: contact.id } })).body.data
    const extra = (await api('post', '/api/v1/pipelines', { token, body: { name: 'Extra', stages: [{ name: 'Offen', probability: 10, kind: 'open' }] } })).body.data

    for (const [resource, id] of [['contacts', contact.id], ['companies', company.id], ['deals', deal.id], ['activities', activity.id], ['pipelines', extra.id]] as const) {
      expect((await api('get', `/api/v1/${resource}`, { token })).status).toBe(200)
      expect((await api('get', `/api/v1/${resource}/{id}`, { token, params: { id } })).status).toBe(200)
      expect((await api('get', `/api/v1/${resource}/{id}/history`, { token, params: { id } })).status).toBe(200)
      expect((await api('get', `/api/v1/${resource}/{id}`, { token, params: { id: '01900000-0000-7000-8000-000000000000' } })).status).toBe(404)
    }
    expect((await api('put', '/api/v1/contacts/{id}', { token, params: { id: contact.id }, body: { position: 'QA' } })).status).toBe(200)
    expect((await api('post', '/api/v1/contacts/bulk', { token, body: { action: 'add_tag', ids: [contact.id], tag: 'bulk' } })).body.data.changed).toBe(1)
    expect((await api('post', '/api/v1/contacts/bulk', { token, body: { action: 'delete', ids: ['01900000-0000-7000-8000-000000000000'] } })).status).toBe(404)
    expect((await api('put', '/api/v1/companies/{id}', { token, params: { id: company.id }, body: { address: { street: 'Ring 1' } } })).status).toBe(200)
    expect((await api('put', '/api/v1/deals/{id}', { token, params: { id: deal.id }, body: { value: '99.90' } })).status).toBe(200)
    expect((await api('put', '/api/v1/activities/{id}', { token, params: { id: activity.id }, body: { completedAt: '2026-12-24T12:00:00Z' } })).status).toBe(200)
    expect((await api('put', '/api/v1/pipelines/{id}', { token, params: { id: extra.id }, body: { name: 'Extra 2' } })).status).toBe(200)

    for (const [path, id] of [
      ['/api/v1/contacts/{id}/activities', contact.id], ['/api/v1/contacts/{id}/deals', contact.id],
      ['/api/v1/companies/{id}/contacts', company.id], ['/api/v1/companies/{id}/deals', company.id], ['/api/v1/companies/{id}/activities', company.id], ['/api/v1/deals/{id}/activities', deal.id],
    ] as const) {
      const res = await api('get', path, { token, params: { id }, query: { limit: '5' } })
      expect(res.body.data.length, path).toBe(1)
    }
    expect((await api('post', '/api/v1/deals/{id}/move', { token, params: { id: deal.id }, body: { stageId: won.id } })).body.data.status).toBe('won')
    expect((await api('post', '/api/v1/deals/{id}/move', { token, params: { id: deal.id }, body: { stageId: extra.stages[0].id } })).status).toBe(400)
    expect((await api('get', '/api/v1/deals/{id}/stage-history', { token, params: { id: deal.id } })).body.data).toHaveLength(2)
    expect((await api('get', '/api/v1/pipelines/{id}/totals', { token, params: { id: pipeline.id }, query: { q: 'schema' } })).body.data)
      .toEqual([{ stageId: won.id, currency: 'EUR', count: 1, value: '99.90', weightedValue: '99.90' }])
    expect((await api('get', '/api/v1/search', { token, query: { q: 'schema' } })).body.data.contacts).toHaveLength(1)
    expect((await api('get', '/api/v1/search', { token, query: { q: 's' } })).status).toBe(400)
    expect((await api('get', '/api/v1/audit-logs', { token, query: { action: 'deal.move' } })).body.meta.total).toBe(1)

    // Errors in the envelope as documented: references, conflicts and reused keys.
    expect((await api('post', '/api/v1/contacts', { token, body: { firstName: 'X', lastName: 'Y', ownerId: '01900000-0000-7000-8000-000000000000' } })).status).toBe(400)
    expect((await api('delete', '/api/v1/pipelines/{id}', { token, params: { id: pipeline.id } })).status).toBe(409)
    // Likely duplicates: 409 DUPLICATE with the candidates, then saved with allowDuplicate; each lists the other.
    const twin = await api('post', '/api/v1/contacts', { token, body: { firstName: 'Schema', lastName: 'Sina' } })
    expect(twin.status).toBe(409)
    expect(twin.body.error).toMatchObject({ code: 'DUPLICATE', details: { candidates: [{ id: contact.id, matched: ['name'] }] } })
    const saved = await api('post', '/api/v1/contacts', { token, query: { allowDuplicate: 'true' }, body: { firstName: 'Schema', lastName: 'Sina' } })
    expect(saved.status).toBe(201)
    expect((await api('get', '/api/v1/contacts/{id}/duplicates', { token, params: { id: contact.id } })).body.data).toHaveLength(1)
    expect((await api('post', '/api/v1/companies', { token, body: { name: 'Schema AG' } })).body.error.code).toBe('DUPLICATE')
    expect((await api('get', '/api/v1/companies/{id}/duplicates', { token, params: { id: company.id } })).body.data).toEqual([])
    // The background scan pairs the twins up (every 500 ms in the test server); a pair can be dismissed.
    let pairs: { id: string }[] = []
    for (let tries = 0; tries < 80 && !pairs.length; tries++) {
      if (tries) await new Promise(resolve => setTimeout(resolve, 250))
      pairs = (await api('get', '/api/v1/duplicates', { token, query: { kind: 'contact' } })).body.data
    }
    expect(pairs.length).toBeGreaterThan(0)
    expect((await api('post', '/api/v1/duplicates/{pairId}/dismiss', { token, params: { pairId: pairs[0]!.id } })).status).toBe(200)
    // Merged, listed and undone; the merged-away one answers 404 with the survivor meanwhile.
    const firm = await api('post', '/api/v1/companies', { token, query: { allowDuplicate: 'true' }, body: { name: 'Schema AG' } })
    for (const [resource, survivor, other] of [['contacts', contact.id, saved.body.data.id], ['companies', company.id, firm.body.data.id]] as const) {
      expect((await api('post', `/api/v1/${resource}/{id}/merge`, { token, params: { id: survivor }, body: { mergeIds: [other], dryRun: true } })).body.data.merge).toBeNull()
      const merged = await api('post', `/api/v1/${resource}/{id}/merge`, { token, params: { id: survivor }, body: { mergeIds: [other], fields: {} } })
      expect(merged.status, resource).toBe(200)
      const gone = await api('get', `/api/v1/${resource}/{id}`, { token, params: { id: other } })
      expect(gone.body.error).toMatchObject({ code: 'NOT_FOUND', details: { mergedInto: survivor } })
      expect((await api('get', `/api/v1/${resource}/{id}/merges`, { token, params: { id: survivor } })).body.data).toHaveLength(1)
      expect((await api('post', `/api/v1/${resource}/merges/{mergeId}/undo`, { token, params: { mergeId: merged.body.data.merge.id } })).status).toBe(200)
      expect((await api('post', `/api/v1/${resource}/merges/{mergeId}/undo`, { token, params: { mergeId: merged.body.data.merge.id } })).status).toBe(409)
    }
    const key = `k-${unique()}`
    await api('post', '/api/v1/activities', { token, body: { type: 'note', subject: 'A' }, headers: { 'idempotency-key': key } })
    expect((await api('post', '/api/v1/activities', { token, body: { type: 'note', subject: 'B' }, headers: { 'idempotency-key': key } })).status).toBe(422)

    for (const [resource, id] of [['activities', activity.id], ['deals', deal.id], ['contacts', contact.id], ['companies', company.id], ['pipelines', extra.id]] as const) {
      expect((await api('delete', `/api/v1/${resource}/{id}`, { token, params: { id } })).status, resource).toBe(200)
    }
  })

  it('the DSGVO operations: consent, exports, erasure, retention and the scheduled deletion', async () => {
    const { token } = await register()
    const contact = (await api('post', '/api/v1/contacts', { token, body: { firstName: 'Dana', lastName: 'Datenschutz', email: 'dana@schema.example' } })).body.data
    const params = { id: contact.id }
    expect((await api('post', '/api/v1/contacts/{id}/consents', { token, params, body: { purpose: 'Newsletter', status: 'granted', source: 'Formular' } })).status).toBe(201)
    expect((await api('get', '/api/v1/contacts/{id}/consents', { token, params })).body.data).toHaveLength(1)
    expect((await api('get', '/api/v1/contacts/{id}/export', { token, params })).status).toBe(200)
    expect((await api('get', '/api/v1/organization/export', { token })).status).toBe(200)
    expect((await api('post', '/api/v1/contacts/{id}/erase', { token, params, body: { reason: 'Antrag' } })).status).toBe(200)
    expect((await api('post', '/api/v1/contacts/{id}/erase', { token, params, body: { reason: 'Antrag' } })).status).toBe(409)
    expect((await api('get', '/api/v1/privacy/erasures', { token })).body.data).toHaveLength(1)
    expect((await api('put', '/api/v1/privacy/retention-rules/{kind}', { token, params: { kind: 'activities_completed' }, body: { months: 12 } })).status).toBe(200)
    expect((await api('get', '/api/v1/privacy/retention-rules', { token })).body.data).toHaveLength(1)
    expect((await api('post', '/api/v1/privacy/retention-runs', { token, body: { kind: 'activities_completed', dryRun: true } })).status).toBe(201)
    expect((await api('get', '/api/v1/privacy/retention-runs', { token })).body.meta.total).toBe(1)
    expect((await api('delete', '/api/v1/privacy/retention-rules/{kind}', { token, params: { kind: 'activities_completed' } })).status).toBe(200)
    const org = (await api('get', '/api/v1/organization', { token })).body.data
    expect((await api('post', '/api/v1/organization/deletion', { token, body: { confirmName: org.name } })).status).toBe(201)
    expect((await api('get', '/api/v1/organization/deletion', { token })).body.data.scheduled).not.toBeNull()
    expect((await api('delete', '/api/v1/organization/deletion', { token })).body.data).toEqual({ scheduled: null, graceDays: 30 })
  })

  it('CSV imports and exports', async () => {
    const { token } = await register()
    for (const resource of ['contacts', 'companies', 'deals', 'activities']) {
      const res = await api('get', `/api/v1/${resource}/export`, { token, query: { headers: 'labels', lang: 'de' } })
      expect(res.status, resource).toBe(200)
    }
    const upload = await api('post', '/api/v1/imports', {
      token, query: { entity: 'contacts', fileName: 'schema.csv' }, raw: 'Vorname;Nachname;E-Mail\nOlga;Schema;olga@schema.example\nOhne;Mail;kaputt\n', headers: { 'content-type': 'text/csv' },
    })
    expect(upload.status, upload.text).toBe(201)
    const params = { id: upload.body.data.id as string }
    expect((await api('get', '/api/v1/imports', { token })).status).toBe(200)
    expect((await api('put', '/api/v1/imports/{id}', { token, params, body: { mapping: { 0: 'firstName', 1: 'lastName', 2: 'email' } } })).status).toBe(200)
    expect((await api('get', '/api/v1/imports/{id}/preview', { token, params })).status).toBe(200)
    expect((await api('post', '/api/v1/imports/{id}/cancel', { token, params })).status).toBe(200)
    expect((await api('post', '/api/v1/imports/{id}/resume', { token, params })).status).toBe(202)
    let view = (await api('get', '/api/v1/imports/{id}', { token, params })).body.data
    while (view.status === 'running') {
      await new Promise(r => setTimeout(r, 100))
      view = (await api('get', '/api/v1/imports/{id}', { token, params })).body.data
    }
    expect(view).toMatchObject({ status: 'completed', createdCount: 1, rejectedCount: 1 })
    expect((await api('get', '/api/v1/imports/{id}/errors', { token, params })).text).toContain('3;email: must be an email address')
    expect((await api('get', '/api/v1/imports/{id}/matches', { token, params })).text).toContain('line;rules;action;recordId')
    expect((await api('post', '/api/v1/imports/{id}/undo', { token, params })).status).toBe(200)
    const second = await api('post', '/api/v1/imports', { token, query: { entity: 'companies' }, raw: 'Name\nSchema AG\n', headers: { 'content-type': 'text/csv' } })
    expect((await api('post', '/api/v1/imports/{id}/run', { token, params: { id: second.body.data.id } })).status).toBe(202)
  })

  it('notifications, their preferences and the background jobs', async () => {
    const { token } = await register()
    // A finished import notifies whoever ran it.
    const upload = await api('post', '/api/v1/imports', { token, query: { entity: 'companies' }, raw: 'Name\nGlocke AG\n', headers: { 'content-type': 'text/csv' } })
    expect((await api('post', '/api/v1/imports/{id}/run', { token, params: { id: upload.body.data.id } })).status).toBe(202)
    let list = (await api('get', '/api/v1/notifications', { token })).body
    for (let i = 0; i < 100 && !list.data.length; i++) {
      await new Promise(r => setTimeout(r, 100))
      list = (await api('get', '/api/v1/notifications', { token, query: { unread: 'true' } })).body
    }
    expect(list.data).toEqual([expect.objectContaining({ kind: 'import_finished', recordType: 'import', readAt: null })])
    expect((await api('get', '/api/v1/notifications/unread-count', { token })).body.data).toEqual({ unread: 1 })
    expect((await api('post', '/api/v1/notifications/read', { token, body: { ids: [list.data[0].id] } })).body.data).toEqual({ updated: 1, unread: 0 })
    expect((await api('get', '/api/v1/notifications/preferences', { token })).body.data).toEqual({ defaultReminderMinutes: null, settings: {} })
    expect((await api('put', '/api/v1/notifications/preferences', { token, body: { defaultReminderMinutes: 60 } })).body.data.defaultReminderMinutes).toBe(60)
    expect((await api('get', '/api/v1/organization/jobs', { token })).body.data).toEqual({ failedCount: 0, recent: [] })
    // Push is off on this server (production without VAPID settings); devices may still subscribe.
    expect((await api('get', '/api/v1/notifications/push-key', { token })).body.data).toEqual({ publicKey: null })
    const device = { endpoint: 'https://push.example.com/send/openapi-device', keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) } }
    expect((await api('post', '/api/v1/notifications/push-subscriptions', { token, body: device })).status).toBe(201)
    expect((await api('delete', '/api/v1/notifications/push-subscriptions', { token, body: { endpoint: device.endpoint } })).status).toBe(200)
  })

  it('every documented operation answered with success at least once', () => {
    const missing = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).flatMap(([method, op]) => {
      const success = Object.keys(op.responses).find(status => /^[23]/.test(status))
      return checked.has(`${method} ${path} ${success}`) ? [] : [`${method.toUpperCase()} ${path} ${success}`]
    }))
    expect(missing).toEqual([])
  })
})

describe('the reference page at /api/docs', () => {
  it('has a CSP of its own without inline code or eval, and loads only this server\'s assets', async () => {
    const page = await call('GET', '/api/docs')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const csp = page.headers.get('content-security-policy') ?? ''
    for (const directive of ['default-src \'none\'', 'script-src \'self\'', 'style-src \'self\'', 'connect-src \'self\'', 'base-uri \'none\'', 'frame-ancestors \'none\'']) {
      expect(csp).toContain(directive)
    }
    expect(csp).not.toMatch(/unsafe-(inline|eval)|https?:/)
    expect(page.text).not.toMatch(/<script>|<style|\sstyle=|\son\w+=/)
    const assets = [...page.text.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map(m => m[1]!)
    expect(assets.map(a => a.replace(/\?v=[0-9a-f]{12}$/, ''))).toEqual([
      '/api/docs/assets/swagger-ui.css', '/api/docs/assets/pulse-docs.css', '/api/docs/assets/swagger-ui-bundle.js', '/api/docs/assets/pulse-docs.js',
    ])
    for (const asset of assets.filter(a => a.startsWith('/api/docs/assets/'))) {
      const res = await fetch(`${inject('baseUrl')}${asset}`)
      expect(res.status, asset).toBe(200)
      expect(res.headers.get('content-type'), asset).toMatch(asset.includes('.css') ? /^text\/css/ : /^text\/javascript/)
      expect(res.headers.get('cache-control'), asset).toContain('max-age=31536000')
    }
    expect((await fetch(`${inject('baseUrl')}/api/docs/assets/LICENSE`)).status).toBe(200)
  })

  it('is not precached by the service worker', async () => {
    const worker = await call('GET', '/sw.js')
    expect(worker.status).toBe(200)
    expect(worker.text).toContain('_nuxt/')
    expect(worker.text).not.toContain('api/docs')
  })
})

import { describe, expect, it } from 'vitest'
import { ApiError, notFound, validationError } from '../../server/utils/api'
import { loggable, toErrorEnvelope } from '../../server/utils/error-envelope'

describe('error envelope', () => {
  it('passes an ApiError through with its code, message and details', () => {
    const { status, body } = toErrorEnvelope(validationError('Invalid request body', [{ path: 'email', message: 'must be an email address' }]))
    expect(status).toBe(400)
    expect(body).toEqual({ success: false, error: { code: 'VALIDATION_ERROR', message: 'Invalid request body', details: [{ path: 'email', message: 'must be an email address' }] } })
  })

  it('finds an ApiError wrapped as the cause of a framework error', () => {
    const wrapped = Object.assign(new Error('wrapped'), { statusCode: 500, cause: notFound('Contact') })
    expect(toErrorEnvelope(wrapped)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Contact not found' } } })
  })

  it('hides the message, stack and SQL of unexpected errors', () => {
    const error = new Error('syntax error at or near "DROP" in select * from contacts')
    const result = toErrorEnvelope(error)
    expect(result.status).toBe(500)
    expect(result.unexpected).toBe(true)
    expect(JSON.stringify(result.body)).not.toMatch(/DROP|contacts|at /)
    expect(result.body.error).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal server error' })
  })

  it('answers 503 when the database is unreachable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
    expect(toErrorEnvelope(new Error('Failed query', { cause: refused })).status).toBe(503)
    expect(toErrorEnvelope(Object.assign(new Error('terminating'), { code: '57P01' })).status).toBe(503)
  })

  it('maps database constraint violations to 409 without naming the constraint', () => {
    const unique = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), { code: '23505' })
    const { status, body } = toErrorEnvelope(new Error('Failed query', { cause: unique }))
    expect(status).toBe(409)
    expect(JSON.stringify(body)).not.toContain('users_email_key')
  })

  it('maps framework statuses to codes, and an unknown method to 404', () => {
    expect(toErrorEnvelope(Object.assign(new Error('x'), { statusCode: 413 })).body.error.code).toBe('PAYLOAD_TOO_LARGE')
    expect(toErrorEnvelope(Object.assign(new Error('x'), { statusCode: 405 })).status).toBe(404)
    expect(toErrorEnvelope(new ApiError(429, 'RATE_LIMITED', 'Too many requests')).status).toBe(429)
  })

  it('logs unexpected errors without the query parameters a driver attaches', () => {
    const failed = new Error('Failed query: insert into "users" ("email", "password_hash") values ($1, $2)\nparams: erika@example.de,$argon2id$v=19$m=19456')
    failed.cause = Object.assign(new Error('duplicate key value'), { code: '23505' })
    const line = loggable(failed)
    expect(line).toContain('Failed query: insert into "users"')
    expect(line).toContain('[23505]: duplicate key value')
    expect(line).not.toMatch(/erika@example\.de|argon2id/)
  })
})

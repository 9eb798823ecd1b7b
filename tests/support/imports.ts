import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, inject } from 'vitest'
import { call } from './http'

/** A committed test file under tests/fixtures/imports. */
export const fixture = (name: string) => new Uint8Array(readFileSync(resolve(import.meta.dirname, '../fixtures/imports', name)))

/** POST /imports with the file as the body; never throws on status. */
export async function uploadCsv(token: string, entity: string, body: Uint8Array<ArrayBuffer> | string, fileName = 'test.csv', contentType = 'text/csv') {
  const res = await fetch(`${inject('baseUrl')}/api/v1/imports?entity=${entity}&fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST', headers: { 'authorization': `Bearer ${token}`, 'content-type': contentType }, body,
  })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  }
  catch { /* not JSON */ }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
  return { status: res.status, body: parsed as any, text }
}

/** Polls the import until its run has ended (any status but running). */
export async function untilSettled(token: string, id: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const res = await call('GET', `/api/v1/imports/${id}`, { token })
    expect(res.status, res.text).toBe(200)
    if (res.body.data.status !== 'running') return res.body.data
    if (Date.now() > deadline) throw new Error(`import ${id} still running after ${timeoutMs} ms`)
    await new Promise(r => setTimeout(r, 100))
  }
}

/** Uploads, maps (the guessed mapping unless one is given) and runs an import to its end. */
export async function importCsv(token: string, entity: string, body: Uint8Array<ArrayBuffer> | string, options: { duplicateMode?: string, mapping?: Record<string, string> } = {}) {
  const uploaded = await uploadCsv(token, entity, body)
  expect(uploaded.status, uploaded.text).toBe(201)
  const id = uploaded.body.data.id as string
  const mapped = await call('PUT', `/api/v1/imports/${id}`, { token, body: { mapping: options.mapping ?? uploaded.body.data.mapping, duplicateMode: options.duplicateMode ?? 'skip' } })
  expect(mapped.status, mapped.text).toBe(200)
  const run = await call('POST', `/api/v1/imports/${id}/run`, { token })
  expect(run.status, run.text).toBe(202)
  return untilSettled(token, id)
}

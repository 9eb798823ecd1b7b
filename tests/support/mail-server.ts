import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the fake Resend API: the test server's RESEND_BASE_URL. */
    mailServerUrl: string
  }
}

/** One `POST /emails` as the fake Resend API received it. */
export interface ReceivedMail {
  authorization: string | null
  from: string
  to: string | string[]
  subject: string
  text?: string
  html?: string
  tags?: Array<{ name: string, value: string }>
  receivedAt: string
}

/** The API key the test server is given (RESEND_API_KEY); any other is refused as Resend would. */
export const RESEND_TEST_KEY = 're_test_pulse_0000000000000000'

/** Recipients containing this are refused with a Resend-style 422, to test failed deliveries. */
export const UNDELIVERABLE = 'undeliverable'

function answer(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}

/**
 * A stand-in for the Resend API on a free loopback port, for the built server's real
 * Resend SDK: `POST /emails` is recorded and answered like Resend does; tests read the
 * record at `GET /__received`.
 */
export default async function setup(project: TestProject) {
  const received: ReceivedMail[] = []
  const server = createServer(async (req, res) => {
    try {
      if (req.method === 'POST' && req.url === '/emails') {
        if (req.headers.authorization !== `Bearer ${RESEND_TEST_KEY}`) {
          return answer(res, 403, { statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid' })
        }
        const body = await readJson(req) as Omit<ReceivedMail, 'authorization' | 'receivedAt'>
        if (!body || typeof body !== 'object' || !body.from || !body.to || !body.subject) {
          return answer(res, 422, { statusCode: 422, name: 'validation_error', message: 'from, to and subject are required' })
        }
        if ([body.to].flat().some(to => to.includes(UNDELIVERABLE))) {
          return answer(res, 422, { statusCode: 422, name: 'validation_error', message: 'The recipient is not deliverable' })
        }
        received.push({ ...body, authorization: req.headers.authorization ?? null, receivedAt: new Date().toISOString() })
        return answer(res, 200, { id: randomUUID() })
      }
      if (req.method === 'GET' && req.url === '/__received') return answer(res, 200, received)
      return answer(res, 404, { statusCode: 404, name: 'not_found', message: 'Not found' })
    }
    catch {
      return answer(res, 400, { statusCode: 400, name: 'invalid_json', message: 'Body is not JSON' })
    }
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  project.provide('mailServerUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`)

  return () => new Promise<void>(resolve => server.close(() => resolve()))
}

/** The mails the fake Resend API received for `to`, oldest first. */
export async function receivedMails(mailServerUrl: string, to: string): Promise<ReceivedMail[]> {
  const all = await (await fetch(`${mailServerUrl}/__received`)).json() as ReceivedMail[]
  return all.filter(mail => [mail.to].flat().includes(to))
}

/** Waits (up to `timeoutMs`) until at least `count` mails to `to` arrived; mails are sent after the API answers. */
export async function waitForMails(mailServerUrl: string, to: string, count = 1, timeoutMs = 10_000): Promise<ReceivedMail[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const mails = await receivedMails(mailServerUrl, to)
    if (mails.length >= count || Date.now() > deadline) return mails
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

import { randomBytes } from 'node:crypto'
import { describe, expect, inject, it } from 'vitest'
import { call } from '../support/http'
import { RESEND_TEST_KEY, UNDELIVERABLE, receivedMails, waitForMails } from '../support/mail-server'

// The built server sends through the real Resend SDK, pointed (RESEND_BASE_URL) at the fake API of mail-server.ts.
const mailServer = () => inject('mailServerUrl')

async function registerAndForget(name: string, language: string, email = `mail-${randomBytes(5).toString('hex')}@example.test`) {
  const res = await call('POST', '/api/v1/auth/register', {
    body: { organizationName: 'Mail GmbH', name, email, password: 'correct horse battery staple' },
    headers: { 'accept-language': language },
  })
  expect(res.status).toBe(201)
  expect((await call('POST', '/api/v1/auth/forgot-password', { body: { email } })).status).toBe(202)
  return email
}

describe('password reset mail through Resend', () => {
  it('is sent from MAIL_FROM with subject, text and HTML in the user\'s language', async () => {
    const email = await registerAndForget('Erika Muster', 'de-DE')
    const [mail] = await waitForMails(mailServer(), email)
    expect(mail).toMatchObject({
      authorization: `Bearer ${RESEND_TEST_KEY}`,
      from: 'Pulse CRM <no-reply@pulse.test>',
      to: email,
      subject: 'Ihr Pulse-Passwort zurücksetzen',
      tags: [{ name: 'template', value: 'password_reset' }],
    })
    expect(mail!.text).toContain('Hallo Erika Muster,')
    expect(mail!.text).toMatch(/\/reset-password\?token=pr_[\w-]{43}\n/)
    expect(mail!.html).toMatch(/^<!doctype html>/)
    expect(mail!.html).toContain('<html lang="de">')
    expect(mail!.html).toMatch(/<a href="https?:\/\/[^"]+\/reset-password\?token=pr_[\w-]{43}"/)

    const english = await registerAndForget('John Smith', 'en-US')
    const [en] = await waitForMails(mailServer(), english)
    expect(en!.subject).toBe('Reset your Pulse password')
    expect(en!.text).toContain('Hello John Smith,')
  })

  it('escapes what users typed in the HTML part', async () => {
    const email = await registerAndForget('Eve <img src=x onerror=alert(1)> & Co', 'en')
    const [mail] = await waitForMails(mailServer(), email)
    expect(mail!.html).not.toContain('<img')
    expect(mail!.html).toContain('Eve &lt;img src=x onerror=alert(1)&gt; &amp; Co')
    expect(mail!.text).toContain('Hello Eve <img src=x onerror=alert(1)> & Co,')
  })

  it('answers 202 even when Resend refuses the mail', async () => {
    const email = await registerAndForget('Nobody', 'en', `${UNDELIVERABLE}-${randomBytes(4).toString('hex')}@example.test`)
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(await receivedMails(mailServer(), email)).toEqual([])
    expect((await call('GET', '/api/health')).status).toBe(200)
  })
})

describe('development outbox', () => {
  it('does not exist in production', async () => {
    const res = await call('GET', '/api/dev/outbox')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ success: false, error: { code: 'NOT_FOUND', message: 'Route not found' } })
  })
})

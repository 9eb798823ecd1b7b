import { Resend } from 'resend'
import type { Locale } from '../../shared/domain'
import { renderMail, type DigestSection, type MailTemplate } from '../mail/templates'
import { serverEnv } from './env'

export interface MailMessage {
  to: string
  locale: Locale
  template: MailTemplate
  data: Record<string, string>
  /** The morning digest's lists. */
  sections?: DigestSection[]
}

/** A mail kept by the development outbox (no RESEND_API_KEY). */
export interface OutboxMail {
  to: string
  locale: Locale
  template: MailTemplate
  subject: string
  text: string
  html: string
  link: string | null
  createdAt: string
}

const OUTBOX_SIZE = 50
// Process-wide on purpose: the outbox is a development tool, newest first, never exposed in production.
const outbox: OutboxMail[] = []

let resend: { key: string, client: Resend } | undefined

// The SDK reads RESEND_BASE_URL itself (tests point it at a local fake of the API).
function resendClient(key: string): Resend {
  if (resend?.key !== key) resend = { key, client: new Resend(key) }
  return resend.client
}

/**
 * Sends a transactional mail in the recipient's language: through Resend when
 * RESEND_API_KEY is set (rejects when Resend refuses it), otherwise into the
 * development outbox, logged to the console — a mail is never dropped silently.
 */
export async function sendMail(message: MailMessage): Promise<void> {
  const mail = renderMail(message.template, message.locale, message.data, message.sections)
  const env = serverEnv()
  if (env.RESEND_API_KEY) {
    const { error } = await resendClient(env.RESEND_API_KEY).emails.send({
      from: env.MAIL_FROM,
      to: message.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      tags: [{ name: 'template', value: message.template }],
    })
    if (error) throw new Error(`Resend did not accept the ${message.template} mail: ${error.name}: ${error.message}`)
    return
  }

  if (env.NODE_ENV !== 'development' && env.NODE_ENV !== 'test') {
    // Emailed links are credentials: they belong neither in production logs nor in a readable outbox.
    // Nor the recipient's address: production logs hold no personal data.
    console.warn(`[mail] RESEND_API_KEY is not set: a ${message.template} mail was NOT sent. Set RESEND_API_KEY to deliver mail.`)
    return
  }
  const link = message.data.link ?? null
  outbox.unshift({ to: message.to, locale: message.locale, template: message.template, ...mail, link, createdAt: new Date().toISOString() })
  outbox.length = Math.min(outbox.length, OUTBOX_SIZE)
  console.info(`[mail] development outbox (no RESEND_API_KEY): to ${message.to} — "${mail.subject}"${link ? ` — ${link}` : ''}`)
}

/** The last mails kept by the development outbox, newest first. */
export function outboxMails(): readonly OutboxMail[] {
  return outbox
}

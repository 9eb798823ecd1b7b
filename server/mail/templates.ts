// Transactional emails: every text comes from the `email` section of locales/*.json,
// the same files the UI translates from, so wording is edited in one place.
import de from '../../locales/de.json'
import en from '../../locales/en.json'
import type { Locale } from '../../shared/domain'
import { DEFAULT_TIME_ZONE } from '../../shared/time-zones'

export type MailTemplate
  = | 'password_reset' | 'invitation' | 'invitation_account_exists' | 'organization_deletion' | 'notification' | 'digest'
    | 'mfa_enabled' | 'mfa_disabled' | 'mfa_recovery_code_used'

export interface RenderedMail { subject: string, text: string, html: string }

type Messages = typeof en
const messages: Record<Locale, Messages> = { de, en }

/** What each template needs in `data`; a missing value is a programming error, not a user's. */
const REQUIRED: Record<MailTemplate, readonly string[]> = {
  password_reset: ['name', 'link'],
  invitation: ['organization', 'inviter', 'role', 'link'],
  invitation_account_exists: ['organization', 'inviter', 'role', 'link'],
  organization_deletion: ['organization', 'date', 'link'],
  notification: ['kind', 'name', 'link'],
  digest: ['name', 'organization', 'date', 'timeZone', 'link'],
  mfa_enabled: ['name', 'link'],
  mfa_disabled: ['name', 'link'],
  mfa_recovery_code_used: ['name', 'left', 'link'],
}

/** Mails that greet the person by name. */
const GREETS_BY_NAME = new Set<MailTemplate>(['password_reset', 'notification', 'digest', 'mfa_enabled', 'mfa_disabled', 'mfa_recovery_code_used'])

/** One list of the morning digest: its records (the first few) and how many there are in all. */
export interface DigestSection {
  kind: 'overdue' | 'today' | 'deals'
  total: number
  items: { title: string, link: string, dueAt?: string, value?: string }[]
}

/** A notification's texts: its kind's subject and intro, and the part every notification mail shares. */
function notificationTexts(m: Messages, kind: string) {
  const n = m.email.notification
  const own = n.kinds[kind as keyof typeof n.kinds]
  if (!own) throw new Error(`No mail texts for the notification kind "${kind}"`)
  return { subject: own.subject, intro: own.intro, action: n.action, expiry: n.settings_hint, ignore: '' }
}

const intlLocale = (locale: Locale) => (locale === 'de' ? 'de-DE' : 'en-GB')

/** Values as the recipient reads them: a due time in their language and time zone (`data.timeZone`). */
function displayValues(locale: Locale, data: Record<string, string>): Record<string, string> {
  const values = { ...data }
  if (data.due) values.due = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'full', timeStyle: 'short', timeZone: data.timeZone || DEFAULT_TIME_ZONE }).format(new Date(data.due))
  // The digest's day (YYYY-MM-DD, the recipient's calendar date) as a date in words.
  if (data.date && /^\d{4}-\d{2}-\d{2}$/.test(data.date)) values.date = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${data.date}T12:00:00Z`))
  return values
}

/** The digest's lists as lines of text and as HTML, each record with its link. */
function digestLists(m: Messages, locale: Locale, zone: string, sections: readonly DigestSection[]) {
  const d = m.email.digest
  const at = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone: zone })
  const time = new Intl.DateTimeFormat(intlLocale(locale), { timeStyle: 'short', timeZone: zone })
  const visible = sections.filter(section => section.total > 0)
  const detail = (section: DigestSection, item: DigestSection['items'][number]) => {
    if (item.dueAt) return fill(d.due_at, { when: (section.kind === 'today' ? time : at).format(new Date(item.dueAt)) })
    return item.value ? fill(d.deal_value, { value: item.value }) : ''
  }
  const more = (section: DigestSection) => (section.total > section.items.length ? fill(d.more, { count: String(section.total - section.items.length) }) : '')
  const text = visible.flatMap(section => [
    fill(d[section.kind], { count: String(section.total) }),
    ...section.items.flatMap((item) => {
      const extra = detail(section, item)
      return [`- ${item.title}${extra ? ` (${extra})` : ''}`, `  ${item.link}`]
    }),
    ...(more(section) ? [more(section)] : []),
    '',
  ])
  const html = visible.map(section => `<h2 style="margin:24px 0 8px;font-size:16px;color:#111827;">${escapeHtml(fill(d[section.kind], { count: String(section.total) }))}</h2>
<ul style="margin:0 0 8px;padding-left:20px;font-size:15px;line-height:1.6;">
${section.items.map((item) => {
  const extra = detail(section, item)
  return `<li><a href="${escapeHtml(item.link)}" style="color:#4f46e5;">${escapeHtml(item.title)}</a>${extra ? ` <span style="color:#6b7280;">(${escapeHtml(extra)})</span>` : ''}</li>`
}).join('\n')}
</ul>${more(section) ? `\n<p style="margin:0 0 8px;font-size:13px;color:#6b7280;">${escapeHtml(more(section))}</p>` : ''}`).join('\n')
  return { text, html }
}

/**
 * A notification in one line and one sentence, the mail's subject and intro, in the
 * recipient's language: what a push message shows. `data` as for the notification mail.
 */
export function notificationSummary(locale: Locale, data: Record<string, string>): { title: string, body: string } {
  const texts = notificationTexts(messages[locale] ?? messages.de, data.kind!)
  const values = displayValues(locale, data)
  return { title: fill(texts.subject, values).replace(/[\r\n]+/g, ' ').trim(), body: fill(texts.intro, values) }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, c => HTML_ESCAPES[c]!)
}

/** Fills `{name}` placeholders; `encode` is applied to the values only, never to the translated text around them. */
function fill(template: string, data: Record<string, string>, encode: (v: string) => string = v => v): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? encode(data[key]!) : whole))
}

/** Renders subject, plain text and HTML of one template in one language; `sections` are the digest's lists. */
export function renderMail(template: MailTemplate, locale: Locale, data: Record<string, string>, sections: readonly DigestSection[] = []): RenderedMail {
  for (const key of REQUIRED[template]) {
    if (!data[key]) throw new Error(`Mail template "${template}" needs data.${key}`)
  }
  const link = new URL(data.link!)
  if (link.protocol !== 'https:' && link.protocol !== 'http:') throw new Error(`Mail template "${template}" needs an http(s) link`)

  const m = messages[locale] ?? messages.de
  const texts = template === 'notification'
    ? notificationTexts(m, data.kind!)
    : template === 'digest'
      ? { subject: m.email.digest.subject, intro: m.email.digest.intro, action: m.email.digest.action, expiry: m.email.digest.settings_hint, ignore: '' }
      : m.email[template]
  // A role arrives as its code (`admin`) and is shown translated.
  const values: Record<string, string> = { ...displayValues(locale, data), link: link.href }
  if (template === 'invitation' || template === 'invitation_account_exists') values.role = m.roles[data.role as keyof Messages['roles']] ?? data.role!
  // Values end up in a header line: no line breaks there.
  const subject = fill(texts.subject, values).replace(/[\r\n]+/g, ' ').trim()
  const greeting = GREETS_BY_NAME.has(template) ? m.email.greeting : m.email.greeting_anonymous
  const lists = digestLists(m, locale, data.timeZone || DEFAULT_TIME_ZONE, sections)

  const text = [
    fill(greeting, values),
    '',
    fill(texts.intro, values),
    '',
    ...(lists.text.length ? lists.text : []),
    `${texts.action}:`,
    values.link,
    '',
    fill(texts.expiry, values),
    ...(texts.ignore ? [texts.ignore] : []),
    '',
    m.email.signature,
    '',
    '--',
    m.email.footer,
    '',
  ].join('\n')

  const p = (content: string, style = '') => `<p style="margin:0 0 16px;font-size:15px;line-height:1.5;${style}">${content}</p>`
  const href = escapeHtml(values.link!)
  const html = `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f7;color:#1f2937;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f7;padding:24px 12px;"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;"><tr><td style="padding:32px;">
${p('Pulse', 'font-size:20px;font-weight:700;color:#4f46e5;margin-bottom:24px;')}
${p(fill(escapeHtml(greeting), values, escapeHtml))}
${p(fill(escapeHtml(texts.intro), values, escapeHtml))}
${lists.html}
<p style="margin:24px 0;"><a href="${href}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;font-weight:600;font-size:15px;padding:12px 20px;border-radius:6px;">${escapeHtml(texts.action)}</a></p>
${p(`${escapeHtml(m.email.link_fallback)}<br><a href="${href}" style="color:#4f46e5;word-break:break-all;">${href}</a>`, 'font-size:13px;color:#6b7280;')}
${p(fill(escapeHtml(texts.expiry), values, escapeHtml))}
${texts.ignore ? p(escapeHtml(texts.ignore)) : ''}
${p(escapeHtml(m.email.signature), 'margin-bottom:0;')}
</td></tr></table>
<p style="max-width:560px;margin:16px auto 0;font-size:12px;line-height:1.5;color:#9ca3af;">${escapeHtml(m.email.footer)}</p>
</td></tr></table>
</body>
</html>
`
  return { subject, text, html }
}

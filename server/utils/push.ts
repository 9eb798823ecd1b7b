import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import webpush, { WebPushError } from 'web-push'
import { serverEnv } from './env'
import { assertOutboundUrl, OutboundRefused, outboundAgent } from './outbound'

export interface VapidKeys { publicKey: string, privateKey: string, subject: string }

const state = globalThis as typeof globalThis & { __pulseVapid?: { keys: VapidKeys | null } }

/** Outside production without configured keys: one pair, kept beside the embedded database so devices stay subscribed across restarts. */
function localKeys(): VapidKeys {
  const keys = { ...webpush.generateVAPIDKeys(), subject: 'mailto:no-reply@pulse.test' }
  // A database in memory forgets its subscriptions anyway.
  if (serverEnv().PGLITE_DIR.startsWith('memory://')) return keys
  const file = join(dirname(resolve(serverEnv().PGLITE_DIR)), 'vapid.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as VapidKeys
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 })
  return keys
}

/** The server's VAPID keys, or null where push is off (production without VAPID_* settings; warned once). */
export function vapidKeys(): VapidKeys | null {
  if (state.__pulseVapid) return state.__pulseVapid.keys
  const env = serverEnv()
  let keys: VapidKeys | null = null
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY && env.VAPID_SUBJECT) keys = { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT }
  else if (env.NODE_ENV !== 'production') keys = localKeys()
  else console.warn('[push] VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT are not all set: web push is off')
  state.__pulseVapid = { keys }
  return keys
}

/**
 * Where a push service may be reached: https only in production, and, under the outbound
 * rule, not on an address literal that is not public (names are checked when resolved).
 */
export function pushEndpointAllowed(endpoint: string): boolean {
  let url: URL
  try {
    url = new URL(endpoint)
    assertOutboundUrl(url)
  }
  catch {
    return false
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && serverEnv().NODE_ENV !== 'production')
}

export interface PushTarget { endpoint: string, p256dh: string, auth: string }
export interface PushMessage { title: string, body: string, url: string, tag: string }

/**
 * What a push service answered: delivered, or the device is gone (404/410: forget it; an
 * endpoint the outbound rule refuses is as unreachable). Other failures throw.
 */
export type PushOutcome = 'sent' | 'gone'

/** Encrypts (aes128gcm) and sends one message to one device, signed with the server's VAPID key. */
export async function sendPush(target: PushTarget, message: PushMessage, options: { urgent?: boolean } = {}): Promise<PushOutcome> {
  const keys = vapidKeys()
  if (!keys) throw new Error('Web push is off: no VAPID keys')
  if (!pushEndpointAllowed(target.endpoint)) {
    console.warn('[push] a device\'s endpoint is not allowed here (not https, or not a public address): the device is forgotten')
    return 'gone'
  }
  try {
    await webpush.sendNotification(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      JSON.stringify(message),
      { vapidDetails: keys, TTL: 24 * 60 * 60, urgency: options.urgent ? 'high' : 'normal', contentEncoding: 'aes128gcm', timeout: 10_000, agent: outboundAgent() },
    )
    return 'sent'
  }
  catch (error) {
    if (error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410)) return 'gone'
    if (error instanceof OutboundRefused) {
      console.warn(`[push] ${error.message}: the device is forgotten`)
      return 'gone'
    }
    if (error instanceof WebPushError) throw new Error(`Push service answered ${error.statusCode}`, { cause: error })
    throw error
  }
}

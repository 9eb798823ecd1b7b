import { lookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns'
import { Agent } from 'node:https'
import type { LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'
import { serverEnv } from './env'

// The outbound rule of DESIGN.md: a server-side request to an address someone else chose (a
// push service's endpoint, later a webhook) never reaches private, loopback, link-local or
// metadata addresses in production, checked on the address the connection really uses —
// after DNS resolution, inside the socket's own look-up, so a name that resolves to a
// public address when checked and to a private one when used (DNS rebinding) gains nothing.

/** A request refused by the outbound rule; it will be refused again, so never retry it. */
export class OutboundRefused extends Error {
  override name = 'OutboundRefused'
  constructor(readonly host: string, readonly address: string) {
    super(`Refused outbound address ${address} for ${host}: not a public address`)
  }
}

/** Whether an IP address is public unicast (IPv4-mapped IPv6 judged as the IPv4 it carries). */
export function publicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  const parsed = ipaddr.process(address)
  return parsed.range() === 'unicast'
}

/** Whether the rule applies: in production, unless OUTBOUND_ALLOW_PRIVATE says otherwise. */
export function outboundGuarded(): boolean {
  const env = serverEnv()
  return env.NODE_ENV === 'production' && !env.OUTBOUND_ALLOW_PRIVATE
}

/** A DNS look-up that fails with OutboundRefused when any address of the name is not public. */
export const guardedLookup = ((hostname: string, options: LookupOneOptions | LookupAllOptions, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, [])
    const refused = addresses.find(a => !publicAddress(a.address))
    if (refused) return callback(new OutboundRefused(hostname, refused.address), [])
    if (options.all) return callback(null, addresses)
    const [first] = addresses
    if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), [])
    callback(null, first.address, first.family)
  })
}) as LookupFunction

/**
 * Refuses a URL whose host is an IP literal or `localhost`-like name that is not public
 * (sockets skip the look-up for literals, so the agent alone would not see them). Other
 * names are judged when the agent resolves them.
 */
export function assertOutboundUrl(url: URL): void {
  if (!outboundGuarded()) return
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (ipaddr.isValid(host) ? !publicAddress(host) : /(?:^|\.)localhost\.?$/i.test(host)) throw new OutboundRefused(host, host)
}

const state = globalThis as typeof globalThis & { __pulseOutboundAgent?: Agent }

/** The https agent for outbound requests: guarded look-ups where the rule applies, else none (Node's default). */
export function outboundAgent(): Agent | undefined {
  if (!outboundGuarded()) return undefined
  state.__pulseOutboundAgent ??= new Agent({ keepAlive: true, lookup: guardedLookup })
  return state.__pulseOutboundAgent
}

import { BlockList, isIP } from 'node:net'
import type { H3Event } from 'h3'
import { getRequestHeader } from 'h3'
import { serverEnv } from './env'

let trusted: BlockList | undefined

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) is `1.2.3.4`. */
function normalize(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  return mapped ? mapped[1]! : address.toLowerCase()
}

/** TRUSTED_PROXIES as a matcher: single addresses and CIDR ranges (`10.0.0.0/8`, `fd00::/8`). */
function trustedProxies(): BlockList {
  if (trusted) return trusted
  const list = new BlockList()
  for (const entry of serverEnv().TRUSTED_PROXIES) {
    const [rawAddress = '', prefix] = entry.split('/')
    const address = normalize(rawAddress)
    const family = isIP(address)
    const bits = prefix === undefined ? undefined : Number(prefix)
    const maxBits = family === 6 ? 128 : 32
    if (!family || (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits))) {
      throw new Error(`Invalid server configuration: TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`)
    }
    const type = family === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) list.addAddress(address, type)
    else list.addSubnet(address, bits, type)
  }
  return (trusted = list)
}

function isTrusted(address: string): boolean {
  return trustedProxies().check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')
}

/** One X-Forwarded-For hop as an address, without port or brackets; null when it is not one. */
function hopAddress(hop: string): string | null {
  let value = hop.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value)
  if (bracketed) value = bracketed[1]!
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'))
  return isIP(value) ? normalize(value) : null
}

/**
 * The client's address for rate limits and the audit trail: the socket peer, unless that
 * peer is one of TRUSTED_PROXIES; then X-Forwarded-For is read from the right and the
 * first address that is not itself a trusted proxy is the client (entries left of it
 * were written by the client and prove nothing). Null for in-process calls.
 */
export function clientIp(event: H3Event): string | null {
  const peer = event.node.req.socket?.remoteAddress
  if (!peer || !isIP(peer)) return null
  let address = normalize(peer)
  if (!isTrusted(address)) return address
  const hops = (getRequestHeader(event, 'x-forwarded-for') ?? '').split(',').filter(h => h.trim())
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hopAddress(hops[i]!)
    if (!hop) break
    address = hop
    if (!isTrusted(hop)) break
  }
  return address
}

/** Validates TRUSTED_PROXIES at start rather than on the first request. */
export function checkTrustedProxies(): void {
  trustedProxies()
}

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, createServer, request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { guardedLookup, OutboundRefused, publicAddress } from '../../server/utils/outbound'

describe('the outbound rule', () => {
  it('calls only public unicast addresses public, IPv4 carried in IPv6 included', () => {
    const refused = [
      '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.178.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
      '255.255.255.255', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254',
      '2001:db8::1', 'not an address', '',
    ]
    for (const address of refused) expect(publicAddress(address), address).toBe(false)
    for (const address of ['8.8.8.8', '172.32.0.1', '192.0.43.10', '2a00:1450:4001:82a::200e', '::ffff:8.8.8.8']) expect(publicAddress(address), address).toBe(true)
  })

  const dir = mkdtempSync(join(tmpdir(), 'pulse-outbound-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses a name that resolves to loopback when the socket connects, before any byte is sent', async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' })
    let reached = 0
    const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
      reached++
      res.end('ok')
    })
    await new Promise<void>(resolve => server.listen(0, 'localhost', resolve))
    const port = (server.address() as { port: number }).port
    const call = (agent: Agent) => new Promise<string>((resolve, reject) => {
      request({ hostname: 'localhost', port, path: '/', agent, ca: readFileSync(join(dir, 'cert.pem')) }, (res) => {
        res.resume()
        res.on('end', () => resolve(String(res.statusCode)))
      }).on('error', reject).end()
    })
    try {
      // The same request through an ordinary agent reaches it, so the refusal below is the rule's.
      expect(await call(new Agent())).toBe('200')
      expect(reached).toBe(1)
      await expect(call(new Agent({ lookup: guardedLookup }))).rejects.toBeInstanceOf(OutboundRefused)
      expect(reached).toBe(1)
    }
    finally {
      await new Promise(resolve => server.close(resolve))
    }
  })
})

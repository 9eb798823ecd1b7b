import { createHooks } from 'hookable'
import { describe, expect, it } from 'vitest'
import { apiSecurityRules, confineHooksToPages, forEveryRequest, isPageRequest, presetSecurityRules } from '../../server/utils/page-requests'

describe('isPageRequest', () => {
  it('is false for the API, its reference and the metrics scrape, true for everything else', () => {
    for (const path of ['/api', '/api?x=1', '/api/health', '/api/v1/contacts/1', '/api/docs', '/metrics', '/metrics?name[]=x']) {
      expect(isPageRequest(path), path).toBe(false)
    }
    for (const path of ['/', '/contacts?limit=50', '/apix', '/api-keys', '/settings/api', '/metricsboard', '/_i18n/abc/de/messages.json']) {
      expect(isPageRequest(path), path).toBe(true)
    }
  })
})

describe('confineHooksToPages', () => {
  // Nitro's own hookable: the wrapping reads its `_hooks` registry, which this pins down.
  it('runs module hooks for page requests only and marked hooks for every request, from the call being made', async () => {
    const hooks = createHooks<Record<string, (event: { path: string }) => void>>()
    const calls: string[] = []
    hooks.hook('request', event => void calls.push(`module ${event.path}`))
    hooks.hook('request', forEveryRequest((event: { path: string }) => void calls.push(`ours ${event.path}`)))
    hooks.hook('beforeResponse', event => void calls.push(`late ${event.path}`))
    hooks.hook('afterResponse', event => void calls.push(`after ${event.path}`))
    hooks.beforeEach(({ name }) => {
      if (name === 'request') confineHooksToPages(hooks)
    })

    for (const path of ['/api/health', '/contacts']) {
      await hooks.callHook('request', { path })
      await hooks.callHook('beforeResponse', { path })
      await hooks.callHook('afterResponse', { path })
    }
    expect(calls).toEqual([
      'ours /api/health', 'after /api/health',
      'module /contacts', 'ours /contacts', 'late /contacts', 'after /contacts',
    ])
  })

  it('wraps a hook only once, and hooks registered later on the next call', async () => {
    const hooks = createHooks<Record<string, (event: { path: string }) => void>>()
    let runs = 0
    hooks.hook('request', () => void runs++)
    confineHooksToPages(hooks)
    confineHooksToPages(hooks)
    hooks.hook('request', () => void runs++)
    confineHooksToPages(hooks)
    await hooks.callHook('request', { path: '/api/v1/contacts' })
    expect(runs).toBe(0)
    await hooks.callHook('request', { path: '/deals' })
    expect(runs).toBe(2)
  })
})

describe('nuxt-security rules for API requests', () => {
  const options = { '/**': { enabled: true, headers: { xFrameOptions: 'DENY' }, rateLimiter: false }, '/api/docs': { headers: { contentSecurityPolicy: { 'default-src': ['\'none\''] } } }, '/_nuxt/builds/**': { headers: {} } }

  it('are the catch-all rules, frozen, shared by every API request but the reference page', () => {
    const rules = apiSecurityRules(options)
    expect(rules).toEqual(options['/**'])
    expect(rules).not.toBe(options['/**'])
    expect(() => ((rules as { headers: { xFrameOptions: string } }).headers.xFrameOptions = 'x')).toThrow(TypeError)

    const api = { path: '/api/v1/contacts?limit=5', context: {} as Record<string, unknown> }
    presetSecurityRules(api, rules)
    expect(api.context.security).toEqual({ rules, route: '/**' })
    for (const path of ['/contacts', '/api/docs', '/api/docs?x']) {
      const event = { path, context: {} as Record<string, unknown> }
      presetSecurityRules(event, rules)
      expect(event.context.security, path).toBeUndefined()
    }
  })

  it('refuse a route rule that could single out an API path', () => {
    for (const pattern of ['/api/**', '/api/v1/contacts', '/metrics', '/*/v1', '**']) {
      expect(() => apiSecurityRules({ ...options, [pattern]: { headers: {} } }), pattern).toThrow(/page-requests/)
    }
  })
})

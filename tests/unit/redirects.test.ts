import { describe, expect, it } from 'vitest'
import { localPath, safeRedirect } from '../../shared/session'

describe('redirect targets from untrusted parameters', () => {
  it('keep a path on this site with its query and hash', () => {
    expect(safeRedirect('/deals')).toBe('/deals')
    expect(safeRedirect('/contacts?page=2&sort=-name#top')).toBe('/contacts?page=2&sort=-name#top')
    expect(safeRedirect('/contacts/../deals')).toBe('/deals')
  })

  it('refuse every value a browser would resolve to another origin', () => {
    const leaving = [
      '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'https://evil.example', 'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      // Browsers drop tabs and newlines anywhere and control characters and spaces at the ends.
      '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '\t//evil.example', ' //evil.example',
      '\u0001//evil.example', '\u001f/\\evil.example', '/\t\\evil.example', 'https:evil.example',
      'http://user:pass@pulse.invalid/', '//pulse.invalid@evil.example',
    ]
    for (const target of leaving) {
      expect(localPath(target), JSON.stringify(target)).toBeUndefined()
      expect(safeRedirect(target), JSON.stringify(target)).toBe('/')
    }
  })

  it('hand on percent-encoded ASCII, safe in a Location header, whatever the value holds', () => {
    const target = safeRedirect('/contacts?q=Jürgen Weiß 😀&x="<>"#Straße')
    expect(target).toBe('/contacts?q=J%C3%BCrgen%20Wei%C3%9F%20%F0%9F%98%80&x=%22%3C%3E%22#Stra%C3%9Fe')
    expect(target).toMatch(/^[\x21-\x7e]+$/)
    expect(safeRedirect('/\u4e2d\u6587')).toBe('/%E4%B8%AD%E6%96%87')
  })

  it('turn anything but a string into the start page', () => {
    for (const value of [undefined, null, 42, ['/deals'], { path: '/deals' }]) expect(safeRedirect(value)).toBe('/')
  })
})

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { withInnerComponents, writePrimeVueStylesheet } from '../../theme/stylesheet'

const dir = mkdtempSync(join(tmpdir(), 'pulse-theme-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const theme = fileURLToPath(new URL('../../theme/pulse.ts', import.meta.url))
const file = join(dir, 'primevue.css')
const write = () => writePrimeVueStylesheet({ theme, components: ['Button', 'Tag'], directives: ['Tooltip'], file })

/** The declarations of one custom property, in order of appearance (light first, then `.dark`). */
const values = (css: string, property: string) => [...css.matchAll(new RegExp(`${property}:([^;}]+)`, 'g'))].map(m => m[1])

describe('the precompiled PrimeVue stylesheet (theme/stylesheet.ts)', () => {
  it('holds the Pulse preset in light and dark, and the rules of the components asked for, in the primevue layer', async () => {
    await write()
    const css = readFileSync(file, 'utf8')
    expect(css).not.toContain('<style')
    // theme/pulse.ts: primary at 600 in light mode (AA under white text), Aura's 400 in dark mode under `.dark`.
    expect(values(css, '--p-primary-color')).toEqual(['var(--p-primary-600)', 'var(--p-primary-400)'])
    expect(css).toMatch(/\.dark\{[^}]*color-scheme:dark/)
    // Filled severity buttons at shade 700 in light mode (white text at least 4.5:1).
    expect(values(css, '--p-button-success-background')[0]).toBe('var(--p-green-700)')
    expect(css).toMatch(/@layer primevue\{[^]*\.p-button\{/)
    expect(css).toMatch(/\.p-tag\{/)
    expect(css).toMatch(/\.p-tooltip/)
    // Only what was asked for.
    expect(css).not.toMatch(/\.p-datatable\{/)
  })

  it('includes the components that the listed ones are made of', () => {
    const names = withInnerComponents(['SelectButton', 'DataTable', 'Tooltip'])
    // A SelectButton renders ToggleButtons, a DataTable a Paginator, Checkboxes and a Select.
    expect(names).toEqual(expect.arrayContaining(['selectbutton', 'togglebutton', 'datatable', 'paginator', 'checkbox', 'select', 'tooltip']))
    expect(names).not.toContain('dialog')
  })

  it('leaves an unchanged file alone, so its content hash (and the browser cache) stays', async () => {
    await write()
    const before = statSync(file).mtimeMs
    await new Promise(resolve => setTimeout(resolve, 20))
    await write()
    expect(statSync(file).mtimeMs).toBe(before)
  })
})

import { describe, expect, it } from 'vitest'
import { isShortcutEvent, matchShortcut, SHORTCUTS } from '../../utils/shortcuts'

/** Enough of a KeyboardEvent for the filter: the key, modifiers, and the element it happened on. */
function keyEvent(key: string, options: { ctrlKey?: boolean, metaKey?: boolean, altKey?: boolean, isComposing?: boolean, target?: object | null } = {}) {
  return { key, ctrlKey: false, metaKey: false, altKey: false, isComposing: false, defaultPrevented: false, target: null, ...options } as unknown as KeyboardEvent
}
/** An element that is (or sits inside) `selector`'s match when `inside` is true. */
const element = (inside: boolean, contentEditable = false) => ({ isContentEditable: contentEditable, closest: () => (inside ? {} : null) })

describe('keyboard shortcuts', () => {
  it('are unique, and no single key is also the start of a sequence', () => {
    const keys = SHORTCUTS.map(s => s.keys.join(' '))
    expect(new Set(keys).size).toBe(keys.length)
    const starts = new Set(SHORTCUTS.filter(s => s.keys.length > 1).map(s => s.keys[0]))
    expect(SHORTCUTS.filter(s => s.keys.length === 1 && starts.has(s.keys[0]!))).toEqual([])
  })

  it('match single keys, wait after g, and complete or drop the sequence on the next key', () => {
    expect(matchShortcut([], 'c')).toMatchObject({ action: { kind: 'create', to: '/contacts?new=1' } })
    expect(matchShortcut([], '?')).toMatchObject({ action: { kind: 'help' } })
    expect(matchShortcut([], 'g')).toBe('pending')
    expect(matchShortcut(['g'], 'c')).toMatchObject({ action: { kind: 'go', to: '/contacts' } })
    expect(matchShortcut(['g'], 'o')).toMatchObject({ action: { kind: 'go', to: '/companies' } })
    expect(matchShortcut(['g'], 'x')).toBeNull()
    expect(matchShortcut([], 'x')).toBeNull()
    expect(matchShortcut([], 'C')).toBeNull()
  })

  it('leave keys alone that belong to a field, a modifier, an IME or a dialog', () => {
    expect(isShortcutEvent(keyEvent('c', { target: element(false) }))).toBe(true)
    expect(isShortcutEvent(keyEvent('c', { target: element(true) }))).toBe(false)
    expect(isShortcutEvent(keyEvent('c', { target: element(false, true) }))).toBe(false)
    expect(isShortcutEvent(keyEvent('k', { ctrlKey: true, target: element(false) }))).toBe(false)
    expect(isShortcutEvent(keyEvent('c', { metaKey: true, target: element(false) }))).toBe(false)
    expect(isShortcutEvent(keyEvent('c', { altKey: true, target: element(false) }))).toBe(false)
    expect(isShortcutEvent(keyEvent('c', { isComposing: true, target: element(false) }))).toBe(false)
    expect(isShortcutEvent(keyEvent('Enter', { target: element(false) }))).toBe(false)
  })
})

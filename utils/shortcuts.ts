/**
 * The single-key shortcuts of the signed-in app, as one table: the key handler reads it, and the
 * help dialog (`?`) lists it, so what is documented is what works.
 */
export type ShortcutAction
  = | { kind: 'help' }
    | { kind: 'search' }
    | { kind: 'create', to: string }
    | { kind: 'go', to: string }

export interface Shortcut {
  /** The keys in order: one key, or `g` and then a letter. */
  keys: readonly string[]
  /** Locale key of what it does. */
  label: string
  group: 'general' | 'create' | 'go'
  action: ShortcutAction
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['?'], label: 'shortcuts.help', group: 'general', action: { kind: 'help' } },
  { keys: ['/'], label: 'shortcuts.search', group: 'general', action: { kind: 'search' } },
  { keys: ['c'], label: 'shortcuts.new_contact', group: 'create', action: { kind: 'create', to: '/contacts?new=1' } },
  { keys: ['d'], label: 'shortcuts.new_deal', group: 'create', action: { kind: 'create', to: '/deals?new=1' } },
  { keys: ['a'], label: 'shortcuts.new_activity', group: 'create', action: { kind: 'create', to: '/activities?new=1' } },
  { keys: ['g', 'h'], label: 'nav.dashboard', group: 'go', action: { kind: 'go', to: '/' } },
  { keys: ['g', 'c'], label: 'nav.contacts', group: 'go', action: { kind: 'go', to: '/contacts' } },
  { keys: ['g', 'o'], label: 'nav.companies', group: 'go', action: { kind: 'go', to: '/companies' } },
  { keys: ['g', 'd'], label: 'nav.deals', group: 'go', action: { kind: 'go', to: '/deals' } },
  { keys: ['g', 'a'], label: 'nav.activities', group: 'go', action: { kind: 'go', to: '/activities' } },
  { keys: ['g', 'n'], label: 'notifications.title', group: 'go', action: { kind: 'go', to: '/notifications' } },
  { keys: ['g', 'i'], label: 'imports.nav', group: 'go', action: { kind: 'go', to: '/imports' } },
  { keys: ['g', 's'], label: 'nav.settings', group: 'go', action: { kind: 'go', to: '/settings' } },
]

/** How long `g` waits for its letter. */
export const SEQUENCE_MS = 1500

/**
 * The shortcut that `key` completes after `pending` (the keys typed before it, `[]` or `['g']`):
 * a shortcut, `'pending'` when `key` starts a sequence, or null when it means nothing.
 */
export function matchShortcut(pending: readonly string[], key: string): Shortcut | 'pending' | null {
  const typed = [...pending, key]
  const exact = SHORTCUTS.find(s => s.keys.length === typed.length && s.keys.every((k, i) => k === typed[i]))
  if (exact) return exact
  return SHORTCUTS.some(s => s.keys.length > typed.length && typed.every((k, i) => s.keys[i] === k)) ? 'pending' : null
}

/**
 * Whether a key press may be read as a shortcut: not while typing in a field, not with a modifier
 * (those belong to the browser and to Ctrl/Cmd+K), not during an IME composition, and not while
 * a dialog or drawer has the focus.
 */
export function isShortcutEvent(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return false
  if (event.key.length !== 1) return false
  const target = event.target as HTMLElement | null
  if (!target || typeof target.closest !== 'function') return true
  if (target.isContentEditable) return false
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="dialog"], [role="combobox"], [role="listbox"]')) return false
  return true
}

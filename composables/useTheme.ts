export const THEMES = ['system', 'light', 'dark'] as const
export type ThemeChoice = (typeof THEMES)[number]

const COOKIE = 'pulse_theme'

/**
 * Light, dark or the system's choice, remembered in a cookie so the server renders the
 * right class on <html> (no flash). For "system" the server cannot know; a tiny inline
 * script in <head> (app.vue) sets the class before the first paint.
 */
export function useTheme() {
  const choice = useCookie<ThemeChoice>(COOKIE, { default: () => 'system', sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 })
  const systemDark = useState('theme-system-dark', () => false)
  if (import.meta.client) systemDark.value = window.matchMedia('(prefers-color-scheme: dark)').matches
  const dark = computed(() => choice.value === 'dark' || (choice.value === 'system' && systemDark.value))
  function set(value: ThemeChoice) {
    choice.value = THEMES.includes(value) ? value : 'system'
    // The boot script's class is not the head manager's to remove: keep <html> in step directly.
    document.documentElement.classList.toggle('dark', dark.value)
    document.documentElement.style.colorScheme = dark.value ? 'dark' : 'light'
  }
  return { choice, dark, set }
}

/** Runs in <head> before paint: resolves "system" (or a cookie the server has not seen yet). */
export const THEME_BOOT_SCRIPT = `(function(){try{var m=document.cookie.match(/(?:^|; )${COOKIE}=([^;]*)/);var c=m?decodeURIComponent(m[1]):'system';var d=c==='dark'||(c!=='light'&&window.matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d);document.documentElement.style.colorScheme=d?'dark':'light'}catch(e){}})()`

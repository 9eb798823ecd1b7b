import { defineStore } from 'pinia'

/** Client view state that is not server data: navigation drawer, command palette, shortcut help. */
export const useUiStore = defineStore('ui', () => {
  const navOpen = ref(false)
  const paletteOpen = ref(false)
  const shortcutsOpen = ref(false)
  return { navOpen, paletteOpen, shortcutsOpen }
})

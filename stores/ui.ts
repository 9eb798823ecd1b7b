import { defineStore } from 'pinia'

/** Client view state that is not server data: navigation drawer and command palette. */
export const useUiStore = defineStore('ui', () => {
  const navOpen = ref(false)
  const paletteOpen = ref(false)
  return { navOpen, paletteOpen }
})

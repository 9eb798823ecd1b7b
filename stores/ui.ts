import { defineStore } from 'pinia'

/** Client view state that is not server data: navigation drawer on small screens. */
export const useUiStore = defineStore('ui', () => {
  const navOpen = ref(false)
  return { navOpen }
})

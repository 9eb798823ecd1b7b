import { defineStore } from 'pinia'

export interface NextStep {
  deal: { id: string, title: string, contactId: string | null, companyId: string | null }
  /** Why it is asked: the activity just done, or the stage the deal just moved to. */
  reason: { kind: 'completed', subject: string } | { kind: 'moved', stage: string }
}

/** Client view state that is not server data: navigation drawer, command palette, shortcut help. */
export const useUiStore = defineStore('ui', () => {
  const navOpen = ref(false)
  const paletteOpen = ref(false)
  const shortcutsOpen = ref(false)
  /** A deal left without a next step (an activity done, a move): the prompt to schedule one (RecordsNextStep). */
  const nextStep = ref<NextStep | null>(null)
  /** Counts activities scheduled from that prompt, so screens showing them read again. */
  const scheduled = ref(0)
  return { navOpen, paletteOpen, shortcutsOpen, nextStep, scheduled }
})

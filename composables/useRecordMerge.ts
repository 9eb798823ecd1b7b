import type { MergeRecord } from '~~/shared/schemas/responses'

/**
 * A record page's merge: the dialog opens by itself for `?merge=<otherId>` (links from the
 * duplicate warning and the duplicates screen) for people who may merge, and by the page's
 * "Merge…" action; the query goes once the dialog closes. `after` reloads the page's data.
 */
export function useRecordMerge(after: () => Promise<unknown>) {
  const route = useRoute()
  const router = useRouter()
  const canWrite = useCanWrite()
  const otherId = computed(() => (typeof route.query.merge === 'string' && route.query.merge ? route.query.merge : null))
  const open = ref(canWrite.value && !!otherId.value)
  const banner = ref<{ announce: (merge: MergeRecord) => Promise<void> } | null>(null)

  watch(open, async (isOpen) => {
    if (!isOpen && otherId.value) {
      const { merge: _merge, ...query } = route.query
      await router.replace({ query })
    }
  })

  async function merged(merge: MergeRecord) {
    open.value = false
    await after()
    await banner.value?.announce(merge)
  }

  return { open, otherId, banner, merged, canWrite }
}

import type { z } from 'zod'
import type { DuplicateCandidate } from '~~/shared/schemas/responses'

/** Whether the signed-in user may change CRM records (viewers may only read; the API refuses them anyway). */
export function useCanWrite() {
  const session = useSession()
  return computed(() => !!session.value && session.value.user.role !== 'viewer')
}

/**
 * `?new=1` in the address (the `c`, `d` and `a` shortcuts link there): opens the page's create
 * form once, for people who may write, and takes the parameter out of the address again.
 */
export function useCreateFromLink(open: () => void) {
  const route = useRoute()
  const router = useRouter()
  const canWrite = useCanWrite()
  // In the browser only: the forms mount there.
  onMounted(() => watch(() => route.query.new, (value) => {
    if (value === undefined) return
    const { new: _, ...query } = route.query
    router.replace({ query })
    if (canWrite.value) open()
  }, { immediate: true }))
}

/** A linked record as pickers hold it. */
export interface RecordRef { id: string, label: string }

/** The candidates of a 409 DUPLICATE, or null for any other failure. */
export function duplicateCandidates(error: unknown): DuplicateCandidate[] | null {
  const envelope = (error as { data?: { error?: { code?: string, details?: { candidates?: DuplicateCandidate[] } } } } | null)?.data?.error
  return envelope?.code === 'DUPLICATE' && Array.isArray(envelope.details?.candidates) ? envelope.details.candidates : null
}

/**
 * Submitting a record form (useSubmit with the failure shown in the form): validates with
 * the shared Zod schema first, then sends the parsed value; a 400 marks the fields it names
 * (`referenceMessages`: translation keys for fields with a message of their own), a 409
 * DUPLICATE fills `duplicates` (the form shows them and may send again with
 * `allowDuplicate`), any other error becomes one translated message.
 */
export function useRecordForm() {
  const { t } = useI18n()
  const { errors, pending: saving, failure: failureKey, check, submit: send } = useSubmit({ inline: true })
  const failure = computed(() => failureKey.value && t(failureKey.value))
  const duplicates = ref<DuplicateCandidate[]>([])

  async function submit<R>(
    schema: z.ZodType, input: unknown, request: { url: string, method: 'POST' | 'PUT' },
    referenceMessages: Record<string, string> = {}, options: { allowDuplicate?: boolean } = {},
  ): Promise<R | null> {
    duplicates.value = []
    const body = check(schema, input)
    if (!body) return null
    const fields = { ...Object.fromEntries(Object.keys(input as object).map(field => [field, 'validation.invalid'])), ...referenceMessages }
    const query = options.allowDuplicate ? { allowDuplicate: 'true' } : undefined
    const saved = await send(async () => {
      try {
        return (await $api<R>(request.url, { method: request.method, body: body as Record<string, unknown>, query })).data
      }
      catch (error) {
        const candidates = duplicateCandidates(error)
        if (!candidates) throw error
        duplicates.value = candidates
        return undefined
      }
    }, { fields })
    return saved ?? null
  }

  return { errors, saving, failure, duplicates, submit }
}

/** Start of today, tomorrow and the day after in the user's time zone, as ISO instants (same on server and client). */
export function useDayBounds() {
  const zone = useTimeZone()
  return computed(() => {
    const now = new Date()
    const day = (offsetDays: number) => {
      const at = new Date(now.getTime() + offsetDays * 86_400_000)
      const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: zone.value, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
      const name = new Intl.DateTimeFormat('en-US', { timeZone: zone.value, timeZoneName: 'longOffset' }).formatToParts(at).find(p => p.type === 'timeZoneName')?.value ?? 'GMT'
      const offset = name === 'GMT' ? 'Z' : name.replace('GMT', '')
      return `${ymd}T00:00:00${offset}`
    }
    return { today: day(0), tomorrow: day(1) }
  })
}

/** Asks before deleting a record, then goes to `back` with a toast; errors stay on the page as a toast. */
export function useDeleteRecord() {
  const { t } = useI18n()
  const confirm = useConfirm()
  const toast = useToast()
  return (record: { url: string, name: string, back: string }) => confirm.require({
    header: t('records.delete_title'),
    message: t('records.delete_confirm', { name: record.name }),
    icon: 'pi pi-trash',
    rejectProps: { label: t('records.cancel'), severity: 'secondary', text: true },
    acceptProps: { label: t('records.delete'), severity: 'danger' },
    accept: async () => {
      try {
        await $api(record.url, { method: 'DELETE' })
        toast.add({ severity: 'success', summary: t('records.deleted', { name: record.name }), life: 3000 })
        await navigateTo(record.back)
      }
      catch (error) {
        toast.add({ severity: 'error', summary: t('records.delete_failed'), detail: t(apiErrorKey(error)), life: 5000 })
      }
    },
  })
}

/** For a record page whose record cannot be read: a malformed or unknown id is "not found", anything else keeps its status. */
export function recordPageError(error: { statusCode?: number }) {
  const missing = error.statusCode === 400 || error.statusCode === 404
  return createError({ statusCode: missing ? 404 : (error.statusCode ?? 500), fatal: true })
}

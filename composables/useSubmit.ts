import type { z } from 'zod'

/** How a form turns a refused submit into messages; every value is a translation key. */
export interface SubmitOptions {
  /** VALIDATION_ERROR `details` paths the form shows at its field, with the message for each. */
  fields?: Record<string, string>
  /** Error codes (`CONFLICT`, `FORBIDDEN`…) with a message of the form's own instead of the generic one. */
  codes?: Record<string, string>
  /** For the rare refusal neither map names (a detail on a hidden field): a message key, or nothing to go on. */
  explain?: (error: ApiRefusal) => string | undefined
  /** Show the failure in the form (`failure`) rather than as a toast. */
  inline?: boolean
  /** Takes over every failure (a screen with a message of its own shape); the maps above are then unused. */
  onFailure?: (error: unknown) => void
}

/**
 * The one way a form submits: `check` validates with the shared Zod schema (field messages
 * at once, no request), `submit` runs the call with `pending` set, marks the fields a 400's
 * `details` name, and shows any other failure as a translated toast or, with `inline`, in
 * `failure` (a translation key). `submit` resolves to the call's result, or undefined when it failed.
 */
export function useSubmit(defaults: SubmitOptions = {}) {
  const { t } = useI18n()
  const toast = useToast()
  const { errors, check: validate, fromServer } = useFormErrors()
  const pending = ref(false)
  const failure = ref<string | null>(null)

  function check<S extends z.ZodType>(schema: S, input: unknown): z.output<S> | null {
    failure.value = null
    return validate(schema, input)
  }

  function refused(error: unknown, options: SubmitOptions) {
    if (options.onFailure) return options.onFailure(error)
    const found = apiError(error)
    const own = options.explain?.(found) ?? (found.code ? options.codes?.[found.code] : undefined)
    if (!own && found.code === 'VALIDATION_ERROR' && options.fields) {
      const messages = Object.fromEntries(Object.entries(options.fields).map(([path, key]) => [path, t(key)]))
      if (fromServer(error, messages)) return
    }
    const key = own ?? apiErrorKey(error)
    if (options.inline) failure.value = key
    else toast.add({ severity: 'error', summary: t(key), life: 5000 })
  }

  /** `options` add to (and override) the form's own for this one call. */
  async function submit<R>(send: () => Promise<R>, options: SubmitOptions = {}): Promise<R | undefined> {
    failure.value = null
    pending.value = true
    try {
      return await send()
    }
    catch (error) {
      refused(error, { ...defaults, ...options, fields: { ...defaults.fields, ...options.fields } })
      return undefined
    }
    finally {
      pending.value = false
    }
  }

  /** Back to a fresh form (a dialog opening again). */
  function reset() {
    errors.value = {}
    failure.value = null
  }

  return { pending, errors, failure, check, submit, reset }
}

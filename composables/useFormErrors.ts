import type { z } from 'zod'

/**
 * Field-level messages for a form, from the same Zod schema the server validates with,
 * translated by issue kind so no English validator text reaches the screen.
 */
export function useFormErrors() {
  const { t } = useI18n()
  const errors = ref<Record<string, string>>({})

  function message(issue: z.core.$ZodIssue): string {
    if (issue.code === 'too_small') return issue.minimum === 1 ? t('validation.required') : t('validation.min_length', { min: Number(issue.minimum) })
    if (issue.code === 'too_big') return t('validation.max_length', { max: Number(issue.maximum) })
    if (issue.code === 'invalid_format' && issue.format === 'email') return t('validation.email')
    return t('validation.invalid')
  }

  /** Validates `input`; returns the parsed value, or null after filling `errors`. */
  function check<S extends z.ZodType>(schema: S, input: unknown): z.output<S> | null {
    const result = schema.safeParse(input)
    errors.value = {}
    if (result.success) return result.data
    for (const issue of result.error.issues) {
      const path = issue.path.join('.')
      errors.value[path] ??= message(issue)
    }
    return null
  }

  /** Marks fields the server refused (400 details) with a translated message of our own. */
  function fromServer(error: unknown, messages: Record<string, string>) {
    const { details } = apiError(error)
    for (const detail of details) {
      const text = messages[detail.path]
      if (text) errors.value[detail.path] = text
    }
    return details.some(d => messages[d.path])
  }

  return { errors, check, fromServer }
}

import { z } from 'zod'

// Zod probes for `new Function` to speed up parsing; under our CSP (no 'unsafe-eval') that
// probe is a reported violation on every page. The interpreter path is fast enough for forms.
export default defineNuxtPlugin(() => {
  z.config({ jitless: true })
})

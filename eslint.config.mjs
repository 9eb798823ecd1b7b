// @ts-check
import withNuxt from './.nuxt/eslint.config.mjs'

export default withNuxt({
  ignores: ['drizzle/migrations/**', '.data/**', 'tests/.tmp/**', 'bench/results/**'],
})

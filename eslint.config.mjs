// @ts-check
import jsonc from 'eslint-plugin-jsonc'
import withNuxt from './.nuxt/eslint.config.mjs'

export default withNuxt(
  { ignores: ['drizzle/migrations/**', '.data/**', 'tests/.tmp/**', 'bench/results/**'] },
  // The message catalogues: keys in order at every level, so a key is found (and a missing one noticed) at a glance.
  ...jsonc.configs['flat/base'].map(config => ({ ...config, files: ['locales/*.json'] })),
  { files: ['locales/*.json'], rules: { 'jsonc/sort-keys': ['error', 'asc', { caseSensitive: true, natural: true }] } },
)

import { apiDocsPage } from '~~/server/openapi/reference/page'

// The human-readable API reference. Its CSP comes from routeRules in nuxt.config.ts.
export default defineEventHandler((event) => {
  setResponseHeader(event, 'content-type', 'text/html; charset=utf-8')
  setResponseHeader(event, 'cache-control', 'no-cache')
  return apiDocsPage(useRuntimeConfig().apiDocsVersion)
})

/** Where the reference page's scripts and styles are served from (public assets, see nuxt.config.ts). */
export const API_DOCS_ASSETS = '/api/docs/assets'

/**
 * The page's own CSP: scripts and styles from this origin only — no inline code, no
 * eval, no other host — and requests ("Try it out") only to this server.
 */
export const API_DOCS_CSP = [
  'default-src \'none\'',
  'script-src \'self\'',
  'style-src \'self\'',
  'img-src \'self\' data:',
  'font-src \'self\'',
  'connect-src \'self\'',
  'base-uri \'none\'',
  'form-action \'none\'',
  'frame-ancestors \'none\'',
].join('; ')

/** The HTML of `/api/docs`: Swagger UI reading `/api/v1/openapi.json`. `version` busts the assets' cache. */
export const apiDocsPage = (version: string) => {
  const v = `?v=${encodeURIComponent(version)}`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Pulse CRM API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${API_DOCS_ASSETS}/swagger-ui.css${v}">
<link rel="stylesheet" href="${API_DOCS_ASSETS}/pulse-docs.css${v}">
</head>
<body>
<header class="pulse-docs-header"><a href="/">Pulse</a><span>API reference</span></header>
<main id="swagger-ui" data-spec-url="/api/v1/openapi.json"></main>
<script src="${API_DOCS_ASSETS}/swagger-ui-bundle.js${v}"></script>
<script src="${API_DOCS_ASSETS}/pulse-docs.js${v}"></script>
</body>
</html>
`
}

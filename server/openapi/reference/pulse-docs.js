// Starts Swagger UI on this server's OpenAPI document. A file of its own, not an inline
// script, so the page's CSP allows scripts from this origin only.
const root = document.getElementById('swagger-ui')

window.ui = window.SwaggerUIBundle({
  url: root.dataset.specUrl,
  domNode: root,
  deepLinking: true,
  // The public validator badge would call a third-party server; the document is linted in CI instead.
  validatorUrl: null,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  filter: true,
  displayRequestDuration: true,
  // "Try it out" sends real requests to this server with the credentials typed under "Authorize".
  tryItOutEnabled: false,
  persistAuthorization: false,
})

/**
 * The `/api` routes that are not API operations and so declare nothing: each is reviewed
 * and says why. Every other route file under server/api exports `defineApiRoute(…)`; the
 * build fails otherwise (modules/api-routes.ts).
 */
export const UNDECLARED_ROUTES: readonly { route: string, why: string }[] = [
  { route: '/api/**', why: 'The catch-all: unknown /api paths and methods answer 404 in the envelope.' },
  { route: '/api/docs', why: 'The HTML page that shows this document (Swagger UI), not an operation.' },
  { route: '/api/dev/outbox', why: 'Development only: the mails the dev server would have sent; absent in production.' },
]

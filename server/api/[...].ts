import { notFound } from '../utils/api'

// Unknown /api routes (and unsupported methods on known ones) answer 404 in the envelope, never an HTML page.
export default defineEventHandler(() => {
  throw notFound('Route')
})

import { startRequest } from '../utils/request-log'

// First of all middleware: every answer, refused ones included, carries the request's id.
export default defineEventHandler((event) => {
  startRequest(event)
})

import { logRequest } from '../utils/request-log'

// One structured line per answered request (see server/utils/request-log.ts).
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('afterResponse', (event) => {
    logRequest(event)
  })
})

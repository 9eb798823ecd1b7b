// Development only (NODE_ENV=development, as `nuxt dev` sets it): the mails kept instead of
// sent while RESEND_API_KEY is unset. Anywhere else it would hand out reset links.
export default defineEventHandler(() => {
  if (serverEnv().NODE_ENV !== 'development') throw notFound('Route')
  return ok(outboxMails())
})

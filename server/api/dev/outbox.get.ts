// Development only: the mails kept instead of sent while RESEND_API_KEY is unset.
export default defineEventHandler(() => {
  if (serverEnv().NODE_ENV === 'production') throw notFound('Route')
  return ok(outboxMails())
})

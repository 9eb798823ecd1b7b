/** The page where a person sets up the second factor their organization requires. */
export const MFA_SETUP_PATH = '/security-setup'

// Until that is done the server answers their session 403 everywhere else; the app leads them there.
export default defineNuxtRouteMiddleware((to) => {
  const session = useSession()
  if (session.value?.user.mfaEnrolmentRequired && to.path !== MFA_SETUP_PATH) return navigateTo(MFA_SETUP_PATH)
})

import { mfaKey } from '../utils/mfa-crypto'

// The second-factor key is checked at start: a deployment without it must not come up and
// then fail at the first sign-in of someone with an authenticator app.
export default defineNitroPlugin(() => {
  mfaKey()
})

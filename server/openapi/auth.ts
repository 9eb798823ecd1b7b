/** Error texts shared by the sign-in routes under /api/v1/auth. */

/** A 403 of the routes the web app calls with its cookies (`assertFromApp`, the CSRF guard). */
export const FOREIGN_SITE = 'Sent with `X-Pulse-Client: web` from a page of another site (the web app\'s CSRF guard).'

/** The 429 of `POST /auth/login`. */
export const LOCKOUT = 'Too many attempts from this address, or five failed sign-ins in a row on this account from this address (then locked for 30 s, doubling up to 15 min; other addresses are not affected). `Retry-After` says how long.'

/** The 404 of looking up or accepting an invitation. */
export const INVITATION_GONE = 'The invitation is unknown, expired, withdrawn or already accepted.'

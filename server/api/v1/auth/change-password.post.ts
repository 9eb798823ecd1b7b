import { webClient } from '~~/server/openapi/components'
import * as auth from '~~/server/services/auth'
import { changePasswordInput } from '~~/shared/schemas'
import { sessionTokens } from '~~/shared/schemas/responses'

// Every session of the user ends; the answer (for the web app: its cookies) is this device's new one.
export default defineApiRoute({
  operationId: 'changePassword',
  tag: 'Auth',
  summary: 'Change your own password',
  description: 'Checks the current password, signs the user out on every device, and answers a fresh session for this one.',
  parameters: [webClient],
  access: { user: 'viewer' },
  body: changePasswordInput,
  example: { body: { currentPassword: 'violet-harbor-lantern-42', newPassword: 'amber-quarry-seventeen-9' } },
  success: { description: 'Password changed; new tokens for this device.', data: sessionTokens },
  errors: { 400: 'Invalid input, or `currentPassword` is incorrect, or the new password is too common.' },
}, async ({ event, ctx, body }) => {
  const { browser } = sessionClient(event)
  return deliverSession(event, await auth.changePassword(ctx, body, { browser }))
})

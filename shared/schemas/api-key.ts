import { z } from 'zod'
import { API_KEY_SCOPES } from '../domain'
import { listQuery, requiredText } from './common'
import { booleanParam } from './list-queries'

export const apiKeyScope = z.enum(API_KEY_SCOPES)

export const apiKeyCreate = z.object({
  name: requiredText(100),
  scope: apiKeyScope,
}).strict()
export type ApiKeyCreate = z.infer<typeof apiKeyCreate>

/** Keys newest first; revoked ones only with `includeRevoked=true`. */
export const apiKeyListQuery = listQuery.pick({ page: true, limit: true }).extend({
  includeRevoked: booleanParam.default(false),
}).strict()
export type ApiKeyListQuery = z.output<typeof apiKeyListQuery>

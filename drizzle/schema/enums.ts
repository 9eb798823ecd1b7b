import { pgEnum } from 'drizzle-orm/pg-core'
import { ACTIVITY_TYPES, API_KEY_SCOPES, DEAL_STATUSES, LOCALES, ROLES, STAGE_KINDS } from '../../shared/domain'

export const userRole = pgEnum('user_role', ROLES)
export const userLocale = pgEnum('user_locale', LOCALES)
export const dealStatus = pgEnum('deal_status', DEAL_STATUSES)
export const activityType = pgEnum('activity_type', ACTIVITY_TYPES)
export const apiKeyScope = pgEnum('api_key_scope', API_KEY_SCOPES)
export { STAGE_KINDS }

/** Vocabulary shared by the database schema, the validators and the UI. */
export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/** Who must have a second factor in an organization: nobody by rule, owners and admins, or everyone. */
export const MFA_POLICIES = ['off', 'admins', 'everyone'] as const
export type MfaPolicy = (typeof MFA_POLICIES)[number]

export const LOCALES = ['de', 'en'] as const
export type Locale = (typeof LOCALES)[number]

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const
export type DealStatus = (typeof DEAL_STATUSES)[number]

export const STAGE_KINDS = ['open', 'won', 'lost'] as const
export type StageKind = (typeof STAGE_KINDS)[number]

export const API_KEY_SCOPES = ['read', 'read_write'] as const
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]

export const ACTIVITY_TYPES = ['call', 'meeting', 'task', 'note', 'email'] as const
export type ActivityType = (typeof ACTIVITY_TYPES)[number]

/** ISO 4217 codes offered in pickers; any valid three-letter code is accepted by the API. */
export const COMMON_CURRENCIES = ['EUR', 'CHF', 'GBP', 'USD', 'PLN', 'CZK', 'SEK', 'DKK', 'NOK'] as const

/** What can notify a person; each kind can be switched per channel (in-app always shows it). */
export const NOTIFICATION_KINDS = ['reminder', 'record_assigned', 'activity_assigned', 'mention', 'deal_won', 'deal_lost', 'import_finished'] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

/** Channels beyond the in-app list, which every notification reaches. */
export const NOTIFICATION_CHANNELS = ['email', 'push'] as const
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number]

/** The reminder offsets the forms offer, in minutes before the due time; any other offset is a custom time. */
export const REMINDER_PRESETS = [0, 5, 15, 30, 60, 1440] as const
/** The furthest a reminder may be set before its due time: 30 days. */
export const REMINDER_MAX_OFFSET_MINUTES = 43_200
export const REMINDERS_PER_ACTIVITY = 5

/** Vocabulary shared by the database schema, the validators and the UI. */
export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const
export type Role = (typeof ROLES)[number]

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

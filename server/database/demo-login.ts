/** The demo organization's owner login, printed at first start and named in the README. */
export const DEMO_OWNER_EMAIL = 'demo@pulse.test'
export const DEMO_PASSWORD = 'pulse-demo-2026'

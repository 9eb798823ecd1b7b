// What the API answers inside its envelope's `data`, one file per area. Kept out of
// shared/schemas/index.ts on purpose: forms import that barrel, and these schemas
// register documentation metadata (a side effect bundlers cannot drop).
export * from './common'
export * from './auth'
export * from './team'
export * from './organization'
export * from './dashboard'
export * from './system'
export * from './privacy'
export * from './imports'

// What the API answers inside its envelope's `data`, one file per area: the only home of
// response schemas. Kept out of shared/schemas/index.ts (forms import that barrel, and
// these register documentation metadata, a side effect bundlers cannot drop); pages
// import their types with `import type`.
export * from './common'
export * from './auth'
export * from './team'
export * from './organization'
export * from './dashboard'
export * from './system'
export * from './privacy'
export * from './notifications'
export * from './imports'
export * from './records'
export * from './merges'

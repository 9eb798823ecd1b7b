// Types only, for the pages that import them from here; the schemas live in responses/records.ts.
export type * from './responses/records'

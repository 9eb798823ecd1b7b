export * from './enums'
export * from './roles'
export * from './tables'
export * from './imports'

import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../../server/database/client'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh PostgreSQL database for this run, or '' for embedded PGlite. */
    databaseUrl: string
  }
}

/**
 * With DATABASE_URL, every test run gets its own new database in that cluster (dropped
 * afterwards), so runs never see each other's rows; without it, tests use PGlite.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.DATABASE_URL
  if (!adminUrl) {
    project.provide('databaseUrl', '')
    return
  }
  const name = `pulse_test_${project.name}_${randomBytes(4).toString('hex')}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  project.provide('databaseUrl', url.toString())
  // Migrate once here: test files run in parallel and must not race on the schema.
  const handle = await openDatabase({ url: url.toString(), poolMax: 1 })
  await handle.migrate()
  await handle.close()

  return async () => {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}

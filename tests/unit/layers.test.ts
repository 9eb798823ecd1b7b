import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The server's layers, lowest first; each may import only from the layers before it
// (shared/, drizzle/ and locales/ sit below them all). Route files, middleware, plugins,
// the job definitions (server/jobs) and the error handler are the top and may import anything.
const LAYERS: { name: string, folders: string[], mayNotImport: string[] }[] = [
  { name: 'shared code', folders: ['shared', 'drizzle'], mayNotImport: ['server'] },
  {
    name: 'database',
    folders: ['server/database'],
    mayNotImport: ['server/utils', 'server/openapi', 'server/mail', 'server/services', 'server/api', 'server/routes', 'server/middleware', 'server/plugins', 'server/jobs'],
  },
  { name: 'utils', folders: ['server/utils', 'server/openapi', 'server/mail'], mayNotImport: ['server/services', 'server/api', 'server/routes', 'server/middleware', 'server/plugins', 'server/jobs'] },
  // Services open tenant transactions only through withTenant (server/utils/tenant.ts).
  { name: 'services', folders: ['server/services'], mayNotImport: ['server/database/transaction.ts', 'server/api', 'server/routes', 'server/middleware', 'server/plugins', 'server/jobs'] },
]

const root = resolve(import.meta.dirname, '../..')

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(join(root, path)).isDirectory()) return sources(path)
    return /\.(ts|vue)$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : []
  })
}

/** A specifier as a path from the project root, or null for a package. */
function resolveSpecifier(from: string, specifier: string): string | null {
  let base: string
  if (specifier.startsWith('.')) base = join(dirname(from), specifier)
  else if (specifier.startsWith('~~/') || specifier.startsWith('~/')) base = specifier.replace(/^~~?\//, '')
  else if (specifier.startsWith('#shared/')) base = specifier.replace(/^#shared\//, 'shared/')
  else return null
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile()) return relative(root, join(root, candidate))
  }
  throw new Error(`${from}: cannot resolve ${specifier}`)
}

/** Every file's imports (static, type-only, re-exports and dynamic `import()`) within the project. */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true)
    graph.set(file, info.importedFiles.map(f => resolveSpecifier(file, f.fileName)).filter((f): f is string => f !== null))
  }
  return graph
}

const within = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`)

/** Strongly connected components with more than one file (Tarjan), i.e. the import circles. */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  let next = 0
  const visit = (node: string) => {
    index.set(node, next)
    low.set(node, next++)
    stack.push(node)
    onStack.add(node)
    for (const to of graph.get(node) ?? []) {
      if (!graph.has(to)) continue
      if (!index.has(to)) {
        visit(to)
        low.set(node, Math.min(low.get(node)!, low.get(to)!))
      }
      else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!))
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1 || graph.get(node)!.includes(node)) found.push(component.sort())
    }
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return found
}

const graph = importGraph([...sources('server'), ...sources('shared'), ...sources('drizzle').filter(f => !f.startsWith('drizzle/migrations'))])

describe('server layers', () => {
  it('see every server folder the rules name', () => {
    const named = LAYERS.flatMap(layer => [...layer.folders, ...layer.mayNotImport])
    for (const folder of named) expect(existsSync(join(root, folder)), folder).toBe(true)
  })

  it.each(LAYERS)('$name imports only from the layers below it', ({ folders, mayNotImport }) => {
    const wrong = [...graph].flatMap(([file, imports]) => (folders.some(f => within(file, f))
      ? imports.filter(to => mayNotImport.some(f => within(to, f))).map(to => `${file} → ${to}`)
      : []))
    expect(wrong).toEqual([])
  })

  it('have no import circles', () => {
    expect(circles(graph)).toEqual([])
  })

  it('would notice a circle and a wrong-way import', () => {
    const sample = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]])
    expect(circles(sample)).toEqual([['a.ts', 'b.ts', 'c.ts']])
    expect(resolveSpecifier('server/database/client.ts', '../utils/metrics')).toBe('server/utils/metrics.ts')
    expect(resolveSpecifier('server/services/imports/index.ts', '../../utils/tenant')).toBe('server/utils/tenant.ts')
  })
})

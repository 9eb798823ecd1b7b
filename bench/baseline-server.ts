// The baselines of the benchmark: a bare node:http server with no framework, no
// authentication and no row-level security, answering the same JSON as /api/health and
// issuing the same SQL as the contact detail and list scenarios through postgres.js
// (pool as large as the app's). Beside it, the floor of the framework: a bare h3 app (the
// HTTP layer under Nitro, no middleware, no plugins) answering the same health JSON.
// Started by bench/run.ts; prints "listening <port> h3 <port>".
import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import { createApp, createRouter, defineEventHandler, setResponseHeader, toNodeListener } from 'h3'
import postgres from 'postgres'

const sql = postgres(process.env.DATABASE_URL!, { max: Number(process.env.DATABASE_POOL_MAX ?? 10), onnotice: () => {} })

interface Row {
  id: string
  firstName: string
  lastName: string
  email: string | null
  phone: string | null
  position: string | null
  companyId: string | null
  ownerId: string | null
  tags: string[]
  createdAt: Date
  updatedAt: Date
  companyName: string | null
  ownerName: string | null
}

// The columns and joins of the app's contact query (server/services/contacts.ts).
const columns = sql`c.id, c.first_name as "firstName", c.last_name as "lastName", c.email, c.phone, c.position,
  c.company_id as "companyId", c.owner_id as "ownerId", c.tags, c.created_at as "createdAt", c.updated_at as "updatedAt",
  co.name as "companyName", u.name as "ownerName"`
const joins = (org: string) => sql`left join companies co on co.org_id = ${org} and co.id = c.company_id
  left join users u on u.org_id = ${org} and u.id = c.owner_id`

function shape({ companyName, ownerName, ...row }: Row) {
  return {
    ...row,
    company: row.companyId ? { id: row.companyId, name: companyName } : null,
    owner: row.ownerId ? { id: row.ownerId, name: ownerName } : null,
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), 'cache-control': 'no-store' })
  res.end(json)
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const org = url.searchParams.get('org') ?? ''
  try {
    if (url.pathname === '/health') {
      return send(res, 200, { success: true, data: { status: 'ok', uptime: Math.round(process.uptime()) } })
    }
    if (url.pathname === '/contact') {
      const [row] = await sql<Row[]>`select ${columns} from contacts c ${joins(org)} where c.org_id = ${org} and c.id = ${url.searchParams.get('id') ?? ''}`
      return row ? send(res, 200, { success: true, data: shape(row) }) : send(res, 404, { success: false })
    }
    if (url.pathname === '/contacts') {
      const page = Number(url.searchParams.get('page') ?? 1)
      const limit = Number(url.searchParams.get('limit') ?? 20)
      const [count] = await sql<{ total: number }[]>`select count as total from record_counts where org_id = ${org} and entity = 'contacts'`
      const rows = await sql<Row[]>`select ${columns} from contacts c ${joins(org)}
        where c.org_id = ${org} and c.id in (
          select id from contacts where org_id = ${org} order by last_name, first_name, id limit ${limit} offset ${(page - 1) * limit})
        order by c.last_name, c.first_name, c.id`
      return send(res, 200, { success: true, data: rows.map(shape), meta: { page, limit, total: count?.total ?? 0 } })
    }
    send(res, 404, { success: false })
  }
  catch (error) {
    console.error(error)
    send(res, 500, { success: false })
  }
})

const h3App = createApp()
h3App.use(createRouter().get('/health', defineEventHandler((event) => {
  setResponseHeader(event, 'cache-control', 'no-store')
  return { success: true, data: { status: 'ok', uptime: Math.round(process.uptime()) } }
})))
const h3Server = createServer(toNodeListener(h3App))

const portOf = (s: typeof server) => {
  const address = s.address()
  return typeof address === 'object' && address ? address.port : ''
}
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1')
h3Server.listen(0, '127.0.0.1')
await Promise.all([once(server, 'listening'), once(h3Server, 'listening')])
console.log(`listening ${portOf(server)} h3 ${portOf(h3Server)}`)

process.on('SIGTERM', () => {
  server.close()
  h3Server.close()
  void sql.end({ timeout: 2 }).then(() => process.exit(0))
})

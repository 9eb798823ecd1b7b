import * as search from '~~/server/services/search'
import { searchQuery } from '~~/shared/schemas'
import { searchResult } from '~~/shared/schemas/responses'

export default defineApiRoute({
  operationId: 'search',
  tag: 'Search',
  summary: 'Search contacts, companies and deals',
  description: 'For the command palette: contacts by name, email and phone, companies by name and website, deals by title. Hits containing the text rank first, then typo-tolerant (trigram) matches; at most `limit` per kind, best first, `score` higher is better.',
  access: 'viewer',
  query: searchQuery,
  example: { query: { q: 'lovelace', limit: '5' } },
  success: { description: 'The best hits, grouped by kind.', data: searchResult },
}, ({ ctx, query }) => search.search(ctx, query))

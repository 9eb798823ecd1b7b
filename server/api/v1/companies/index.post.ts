import { companyDocs } from '~~/server/openapi/crud'
import * as companies from '~~/server/services/companies'
import { companyCreate, duplicateQuery } from '~~/shared/schemas'
import { companyRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...companyDocs.create,
  access: 'member',
  idempotent: true,
  query: duplicateQuery,
  body: companyCreate,
  duplicates: 'A company with the same website domain (without scheme, `www.` and path) or the same name (ignoring case, accents, punctuation and legal forms such as GmbH, AG, GmbH & Co. KG, e.K., Ltd, Inc) exists.',
  example: { body: { name: 'Example Logistics GmbH', industry: 'Logistics', website: 'www.example.com', address: { city: 'Hamburg', country: 'DE' }, ownerId: '0190a1b2-0000-7000-8000-000000000001' } },
  success: { status: 201, description: companyDocs.created, data: companyRecord },
}, ({ ctx, query, body }) => companies.create(ctx, body, query))

import { companyDocs } from '~~/server/openapi/crud'
import * as companies from '~~/server/services/companies'
import { companyUpdate, duplicateQuery, idParams } from '~~/shared/schemas'
import { companyRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...companyDocs.update,
  access: 'member',
  params: idParams,
  query: duplicateQuery,
  body: companyUpdate,
  duplicates: 'After the change, a company with the same website domain (without scheme, `www.` and path) or the same name (ignoring case, accents, punctuation and legal forms such as GmbH, AG, GmbH & Co. KG, e.K., Ltd, Inc) exists. Only a changed name or website is compared.',
  example: { body: { phone: '+49 40 1234567', address: { city: 'Bremen' }, ownerId: '0190a1b2-0000-7000-8000-000000000003' } },
  success: { description: 'The company as it is now.', data: companyRecord },
}, ({ ctx, params, query, body }) => companies.update(ctx, params.id, body, query))

import { companyDocs } from '~~/server/openapi/crud'
import * as companies from '~~/server/services/companies'
import { companyUpdate, idParams } from '~~/shared/schemas'
import { companyRecord } from '~~/shared/schemas/responses'

export default defineApiRoute({
  ...companyDocs.update,
  access: 'member',
  params: idParams,
  body: companyUpdate,
  example: { body: { phone: '+49 40 1234567', address: { city: 'Bremen' }, ownerId: '0190a1b2-0000-7000-8000-000000000003' } },
  success: { description: 'The company as it is now.', data: companyRecord },
}, ({ ctx, params, body }) => companies.update(ctx, params.id, body))

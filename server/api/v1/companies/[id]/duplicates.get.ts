import { companyDocs } from '~~/server/openapi/crud'
import * as duplicates from '~~/server/services/duplicates'
import { idParams } from '~~/shared/schemas'
import { duplicateCandidate } from '~~/shared/schemas/responses'
import { z } from 'zod'

export default defineApiRoute({
  operationId: 'listCompanyDuplicates',
  tag: 'Companies',
  summary: 'Likely duplicates of a company',
  description: 'Other companies of your organization with the same website domain or the same name (ignoring case, accents, punctuation and legal forms such as GmbH, AG, GmbH & Co. KG, e.K., Ltd, Inc), best first (at most 10). Empty when there are none.',
  access: 'viewer',
  params: idParams,
  errors: { 404: companyDocs.notFound },
  success: { description: 'The candidates, best first.', data: z.array(duplicateCandidate) },
}, ({ ctx, params }) => duplicates.ofCompany(ctx, params.id))

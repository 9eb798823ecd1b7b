import type { Operation } from '../operation'
import { authOperations } from './auth'
import { crmOperations } from './crm'
import { exportOperations, importOperations } from './imports'
import { dashboardOperations, organizationOperations } from './organization'
import { privacyOperations } from './privacy'
import { systemOperations } from './system'
import { apiKeyOperations, invitationOperations, memberOperations, userOperations } from './team'

/**
 * Every documented operation. A resource adds a file here exporting its operations
 * (see server/openapi/README.md) and one entry in this list; the order is the order of
 * the document.
 */
export const operations: readonly Operation[] = [
  ...authOperations,
  ...crmOperations,
  ...exportOperations,
  ...importOperations,
  ...memberOperations,
  ...invitationOperations,
  ...apiKeyOperations,
  ...organizationOperations,
  ...privacyOperations,
  ...userOperations,
  ...dashboardOperations,
  ...systemOperations,
]

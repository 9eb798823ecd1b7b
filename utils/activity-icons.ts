import type { ActivityType } from '~~/shared/domain'

/** One icon per activity type, wherever activities are listed. */
export const activityIcon: Record<ActivityType, string> = {
  call: 'pi pi-phone',
  meeting: 'pi pi-users',
  task: 'pi pi-check-square',
  note: 'pi pi-file-edit',
  email: 'pi pi-envelope',
}

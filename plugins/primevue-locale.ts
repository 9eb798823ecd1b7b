import type { PrimeVueConfiguration } from 'primevue/config'

// PrimeVue's own words (the date picker's months, days, buttons and labels) in the app's
// language, on the server and in the browser alike, and again whenever the language changes.
export default defineNuxtPlugin((nuxtApp) => {
  const primevue = nuxtApp.vueApp.config.globalProperties.$primevue as { config: PrimeVueConfiguration } | undefined
  if (!primevue) return
  const i18n = nuxtApp.$i18n as ReturnType<typeof useI18n>
  const apply = () => {
    const t = i18n.t
    const tag = i18n.locale.value === 'de' ? 'de-DE' : 'en-GB'
    const names = (count: number, format: (i: number) => string) => Array.from({ length: count }, (_, i) => format(i))
    const weekday = (style: 'long' | 'short' | 'narrow') => names(7, i => new Intl.DateTimeFormat(tag, { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + i))))
    const month = (style: 'long' | 'short') => names(12, i => new Intl.DateTimeFormat(tag, { month: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2023, i, 1))))
    primevue.config.locale = {
      ...primevue.config.locale!,
      dayNames: weekday('long'),
      dayNamesShort: weekday('short'),
      dayNamesMin: weekday('short').map(d => d.replace('.', '').slice(0, 2)),
      monthNames: month('long'),
      monthNamesShort: month('short'),
      firstDayOfWeek: 1,
      dateFormat: t('date_picker.format'),
      today: t('date_picker.today'),
      clear: t('date_picker.clear'),
      weekHeader: t('date_picker.week'),
      chooseDate: t('date_picker.choose_date'),
      chooseMonth: t('date_picker.choose_month'),
      chooseYear: t('date_picker.choose_year'),
      prevMonth: t('date_picker.prev_month'),
      nextMonth: t('date_picker.next_month'),
      prevYear: t('date_picker.prev_year'),
      nextYear: t('date_picker.next_year'),
      prevDecade: t('date_picker.prev_decade'),
      nextDecade: t('date_picker.next_decade'),
      prevHour: t('date_picker.prev_hour'),
      nextHour: t('date_picker.next_hour'),
      prevMinute: t('date_picker.prev_minute'),
      nextMinute: t('date_picker.next_minute'),
    }
  }
  apply()
  watch(i18n.locale, apply)
})

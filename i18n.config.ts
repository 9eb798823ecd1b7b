// Number and date formats per locale; currencies are passed per value (deals carry their own).
const numberFormats = {
  currency: { style: 'currency', currency: 'EUR', maximumFractionDigits: 2 },
  decimal: { style: 'decimal', maximumFractionDigits: 2 },
  percent: { style: 'percent', maximumFractionDigits: 0 },
} as const

const datetimeFormats = {
  short: { year: 'numeric', month: '2-digit', day: '2-digit' },
  long: { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  time: { hour: '2-digit', minute: '2-digit' },
} as const

export default defineI18nConfig(() => ({
  fallbackLocale: 'de',
  numberFormats: { de: numberFormats, en: numberFormats },
  datetimeFormats: { de: datetimeFormats, en: datetimeFormats },
}))

// Messages live in locales/*.json; dates, numbers and money go through useFormat(),
// which knows the regional locale (de-DE, en-GB) and the user's time zone.
export default defineI18nConfig(() => ({
  fallbackLocale: 'de',
}))

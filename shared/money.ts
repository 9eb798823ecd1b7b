/** An exact decimal amount ("1234.56", "-5", "0.5") as integer cents. */
export function toCents(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?\d*$/.exec(value.trim())
  if (!match) return 0n
  const cents = BigInt(match[2]!) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'))
  return match[1] ? -cents : cents
}

/** Integer cents as an exact decimal string with two places. */
export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : ''
  const abs = cents < 0n ? -cents : cents
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

/**
 * An amount weighted by a win probability in percent (0–100), exact to the cent and
 * rounded half up, so the server's totals and the board's optimistic updates agree.
 */
export function weighted(value: string, probability: number): string {
  const product = toCents(value) * BigInt(Math.round(probability))
  const rounded = product >= 0n ? (product + 50n) / 100n : -((-product + 50n) / 100n)
  return fromCents(rounded)
}

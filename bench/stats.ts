// Small statistics for the benchmark report.

/** One scenario's figures: throughput, latency percentiles (ms), errors, server memory. */
export interface Measurement {
  name: string
  requests: number
  rps: number
  p50: number
  p95: number
  p99: number
  /** Non-2xx answers, connection errors and timeouts. */
  errors: number
  statuses: Record<number, number>
  rssMaxMb: number | null
  rssSamples?: { t: number, mb: number }[]
}

export interface Target { name: string, value: number, limit: number, met: boolean, detail: string }

/** The p-th percentile (nearest rank) of ascending `sorted` values; 0 when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

/** Least-squares line through (x, y) points: slope and intercept (0, 0 for fewer than two points). */
export function linearTrend(points: readonly (readonly [number, number])[]): { slope: number, intercept: number } {
  const n = points.length
  if (n < 2) return { slope: 0, intercept: 0 }
  const mx = points.reduce((a, [x]) => a + x, 0) / n
  const my = points.reduce((a, [, y]) => a + y, 0) / n
  let sxy = 0
  let sxx = 0
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my)
    sxx += (x - mx) ** 2
  }
  const slope = sxx === 0 ? 0 : sxy / sxx
  return { slope, intercept: my - slope * mx }
}

/**
 * Graceful shutdown is Nitro's (node-server preset, nitropack's runtime/internal/shutdown):
 * on SIGTERM or SIGINT it closes the listener (new connections are refused, kept-alive ones
 * are told `Connection: close`), lets in-flight requests finish for up to
 * NITRO_SHUTDOWN_TIMEOUT ms (default 30000), then runs the `close` hook — which closes the
 * database pool (plugins/database.ts) and Redis (plugins/rate-limit.ts) — and exits 0.
 * Idle kept-alive connections are closed at once, so no new request reaches a draining
 * process and readiness needs no flag of its own. plugins/shutdown.ts logs the steps.
 */

/** Nitro's shutdown settings, read from the same variables as Nitro reads them. */
export function shutdownConfig(env: NodeJS.ProcessEnv = process.env): { enabled: boolean, signals: string[], timeoutMs: number } {
  return {
    enabled: !env.NITRO_SHUTDOWN_DISABLED,
    signals: (env.NITRO_SHUTDOWN_SIGNALS || 'SIGTERM SIGINT').split(' ').map(s => s.trim()).filter(Boolean),
    timeoutMs: Number.parseInt(env.NITRO_SHUTDOWN_TIMEOUT || '', 10) || 30_000,
  }
}

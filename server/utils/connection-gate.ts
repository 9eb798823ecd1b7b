import { serviceUnavailable } from './api'

/**
 * Admits at most `size` database transactions at once — one per pool connection — and
 * lets the rest wait in order for at most `waitMs`. A request that cannot get a
 * connection in that time answers 503 SERVICE_UNAVAILABLE instead of joining an
 * endless queue behind slow ones, so the server sheds load it cannot carry.
 */
export class ConnectionGate {
  #active = 0
  readonly #waiting: (() => void)[] = []

  constructor(readonly size: number, readonly waitMs: number) {}

  /** Transactions running, and waiting for a connection. */
  get load() {
    return { active: this.#active, waiting: this.#waiting.length }
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.#acquire()
    try {
      return await work()
    }
    finally {
      this.#release()
    }
  }

  #acquire(): Promise<void> {
    if (this.#active < this.size) {
      this.#active++
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(grant), 1)
        reject(serviceUnavailable('The database is busy; try again shortly'))
      }, this.waitMs)
      this.#waiting.push(grant)
    })
  }

  /** Hands the connection to the longest waiter, if any (the count stays the same). */
  #release(): void {
    const next = this.#waiting.shift()
    if (next) next()
    else this.#active--
  }
}

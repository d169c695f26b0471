/** What the emulators (and the chaos test) share: a seeded random generator and waiting for a recorded change. */

/** A small seeded generator (mulberry32): the same seed gives the same faults, run after run. Values in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Predicates waiting for an emulator's records to change: woken by `changed()`, with a timeout naming what waited. */
export class Waiters {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly name: string) {}

  /** Wakes the `waitFor` predicates; called after every recorded change. */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves once `predicate()` is true (checked now and after each change), rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name}: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }
}

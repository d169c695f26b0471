/** The fake's emulated clock and Discord's snowflake ids. */

/**
 * Emulated time: `timeScale` emulated milliseconds pass per real millisecond, plus whatever `advance()` added.
 * Deadlines (interaction callbacks, webhook tokens, nonces) and rate-limit windows are measured on it; what the
 * fake tells a client to wait (Retry-After, Reset-After) is converted back to real seconds, since clients sleep
 * in real time.
 */
export class Clock {
  private readonly startReal = performance.now();
  private readonly startWall = Date.now();
  private offsetMs = 0;

  constructor(readonly timeScale: number) {
    if (!(timeScale > 0)) throw new Error(`fake discord: timeScale must be > 0, got ${timeScale}`);
  }

  /** Emulated milliseconds since the Unix epoch. */
  now(): number {
    return this.startWall + (performance.now() - this.startReal) * this.timeScale + this.offsetMs;
  }

  /** Jumps emulated time forward (e.g. 15 minutes, to expire interaction tokens without waiting). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Real seconds, to three decimals, that `emulatedMs` of emulated time take. */
  realSeconds(emulatedMs: number): number {
    return Math.max(0, Math.ceil(emulatedMs / this.timeScale)) / 1000;
  }
}

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A fresh snowflake for `at` (wall-clock ms): timestamp, worker 1, process 0, a global increment. */
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return String(((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment);
}

/** Whether `id` looks like a snowflake (what Discord's routes and the shard arithmetic need). */
export function isSnowflake(id: string): boolean {
  return /^\d{1,20}$/.test(id);
}

/** The shard a guild's events go to: `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A delay that never keeps the process alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

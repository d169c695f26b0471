/**
 * The chaos test's knobs, read from the environment, with defaults that keep `npm test` short. A run is
 * described by its seed: the emulators' faults, the kill and restart schedule and the load's timing derive
 * from it (the interleaving with real processes does not, so a seed narrows a failure down rather than
 * replaying it exactly).
 */
export interface ChaosOptions {
  /** CHAOS_SEED: the emulators' fault PRNGs and the chaos schedule. */
  seed: number;
  /** CHAOS_CHANGES: change events appended to the change log. */
  changes: number;
  /** CHAOS_CHANNELS: subscribed channels on each platform. */
  channels: number;
  /** CHAOS_TIME_SCALE: emulated seconds per real second in both emulators (their rate limits). */
  timeScale: number;
  /** CHAOS_WORKERS: worker processes running at once (the last one is the one killed). */
  workers: number;
  /** CHAOS_KILLS: how many times one worker process is killed with SIGKILL (and started again). */
  kills: number;
  /** CHAOS_REDIS_RESTARTS: how many times redis-server is restarted during the load. */
  redisRestarts: number;
  /** CHAOS_FAULTS: 0 turns the emulators' random 429s and 500s off (to bisect a failure). */
  faults: boolean;
  /** CHAOS_LOAD_MS: the appends are spread over this long. */
  loadMs: number;
  /**
   * CHAOS_TIMEOUT_MS: how long to wait, after the load and the chaos, for every pair to be delivered (the wait ends
   * sooner when nothing is scheduled any more). A killed worker's drain is taken over only when its lock lapses.
   */
  deliverTimeoutMs: number;
}

export const DEFAULT_SEED = 20_251_128;

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

export function chaosOptions(env: NodeJS.ProcessEnv = process.env): ChaosOptions {
  return {
    seed: int(env, 'CHAOS_SEED', DEFAULT_SEED, 0),
    changes: int(env, 'CHAOS_CHANGES', 200, 1),
    channels: int(env, 'CHAOS_CHANNELS', 50, 1),
    timeScale: int(env, 'CHAOS_TIME_SCALE', 50, 1),
    workers: int(env, 'CHAOS_WORKERS', 2, 1),
    kills: int(env, 'CHAOS_KILLS', 3, 0),
    redisRestarts: int(env, 'CHAOS_REDIS_RESTARTS', 1, 0),
    faults: int(env, 'CHAOS_FAULTS', 1, 0) !== 0,
    loadMs: int(env, 'CHAOS_LOAD_MS', 6_000, 0),
    deliverTimeoutMs: int(env, 'CHAOS_TIMEOUT_MS', 135_000, 1_000),
  };
}

export { prng } from '../../emulators/shared.js';
import { prng } from '../../emulators/shared.js';

/** Independent streams from one seed (each emulator, the schedule), so one changing does not shift the others. */
export const subSeed = (seed: number, stream: number): number => (Math.imul(seed ^ 0x9e3779b9, stream * 2 + 1) ^ stream) >>> 0;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

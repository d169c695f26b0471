/**
 * The chaos of a run, drawn from its seed: when one worker process is killed with SIGKILL (and how long it
 * stays down), and when redis-server is restarted. Carried out in time order while the load is appended and
 * delivered; each step is logged with its time since the start.
 */
import { prng, sleep, subSeed, type ChaosOptions } from './options.js';

export type ChaosStep =
  | { at: number; kind: 'kill'; slot: string; downMs: number }
  | { at: number; kind: 'redis-restart' };

/** Kills spread over the load and the first seconds after it; Redis restarts in the middle of the load. */
export function chaosSchedule(o: Pick<ChaosOptions, 'seed' | 'kills' | 'loadMs' | 'redisRestarts'>, slot: string): ChaosStep[] {
  const r = prng(subSeed(o.seed, 3));
  const from = 1_000;
  const span = Math.max(2_000, o.loadMs + 5_000 - from);
  const steps: ChaosStep[] = [];
  for (let k = 0; k < o.kills; k++) {
    steps.push({ at: Math.round(from + ((k + 0.15 + 0.7 * r()) * span) / o.kills), kind: 'kill', slot, downMs: Math.round(200 + 800 * r()) });
  }
  for (let k = 0; k < o.redisRestarts; k++) {
    steps.push({ at: Math.round(500 + ((k + 0.35 + 0.3 * r()) * o.loadMs) / o.redisRestarts), kind: 'redis-restart' });
  }
  return steps.sort((a, b) => a.at - b.at);
}

export interface ChaosActions {
  kill(slot: string): Promise<string>;
  start(slot: string): Promise<string>;
  restartRedis(): Promise<string>;
}

/**
 * Carries the steps out at their times after now (a step that is late runs at once, after the previous one);
 * the log's times are relative to `t0`.
 */
export async function runChaos(steps: readonly ChaosStep[], actions: ChaosActions, log: (line: string) => void, t0 = Date.now()): Promise<void> {
  const start = Date.now();
  const stamp = (): string => `+${((Date.now() - t0) / 1000).toFixed(2)}s`;
  for (const step of steps) {
    const wait = start + step.at - Date.now();
    if (wait > 0) await sleep(wait);
    // Each line is stamped when its action is over (a template's stamp would be taken before its await).
    if (step.kind === 'kill') {
      const killed = await actions.kill(step.slot);
      log(`${stamp()} SIGKILL ${killed}`);
      await sleep(step.downMs);
      const started = await actions.start(step.slot);
      log(`${stamp()} started ${started}`);
    } else {
      log(`${stamp()} redis-server restarting`);
      const restarted = await actions.restartRedis();
      log(`${stamp()} ${restarted}`);
    }
  }
}

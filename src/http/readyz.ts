import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { pollSchedulerId } from '../queues/names.js';
import type { SourceConfig } from '../sources/schema.js';
import type { SourceStore } from '../store/source-store.js';
import { redisAnswers, withTimeout } from './probes.js';
import { sourceStatuses, type SourceStatus } from './source-status.js';

export interface ReadinessDeps {
  redis: Redis;
  pollQueue: Pick<Queue, 'getJobSchedulers'>;
  store: Pick<SourceStore, 'getHealth' | 'isHeld'>;
  sources: () => readonly SourceConfig[];
  clock: () => Date;
  failingAfter: number;
  /** Writes one small key: a Redis that answers PING may still refuse writes (maxmemory with noeviction, a replica). */
  writeProbe: () => Promise<unknown>;
  /** Deadline of each check (default 1 s). */
  timeoutMs?: number;
}

type Check = { ok: true } | { ok: false; error: string };

export interface Readiness {
  status: 'ready' | 'unavailable';
  /** The checks that failed, by name (empty when ready). */
  failed: string[];
  checks: { redis: Check; writes: Check; schedulers: Check & { missing?: string[] } };
  /** Informational: never a reason for 503. */
  sources: SourceStatus[];
}

/**
 * Ready when Redis answers and accepts a write (nothing can be polled, stored or delivered otherwise), and the poll queue has a job scheduler for every enabled source (the scheduler role
 * has run and Redis kept its data). Each check has a deadline, so a Redis that is down gives a prompt 503
 * rather than a hung probe.
 */
export async function readiness(deps: ReadinessDeps): Promise<Readiness> {
  const ms = deps.timeoutMs ?? 1_000;
  const redis = await redisAnswers(deps.redis, ms);
  let schedulers: Check & { missing?: string[] } = { ok: false, error: 'not checked: redis unavailable' };
  let writes: Check = { ok: false, error: 'not checked: redis unavailable' };
  let sources: SourceStatus[] = [];
  if (redis.ok) {
    writes = await withTimeout(deps.writeProbe(), ms, 'write probe').then(
      (): Check => ({ ok: true }),
      (err: Error): Check => ({ ok: false, error: /^OOM /.test(err.message) ? `redis refuses writes: it is at maxmemory (${err.message.split('.')[0]})` : err.message }),
    );
    const enabled = deps.sources().filter((s) => s.enabled);
    try {
      const existing = await withTimeout(deps.pollQueue.getJobSchedulers(0, -1), ms, 'job schedulers');
      const ids = new Set(existing.map((j) => j.id ?? j.key));
      const missing = enabled.map((s) => pollSchedulerId(s.id)).filter((id) => !ids.has(id));
      schedulers = missing.length === 0 ? { ok: true } : { ok: false, error: 'poll schedules missing (is a scheduler role running?)', missing };
    } catch (err) {
      schedulers = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    sources = await withTimeout(sourceStatuses(deps.store, deps.sources(), deps.clock(), deps.failingAfter), ms, 'source health').catch(() => []);
  }
  const checks = { redis, writes, schedulers };
  const failed = Object.entries(checks).flatMap(([name, c]) => (c.ok ? [] : [name]));
  return { status: failed.length === 0 ? 'ready' : 'unavailable', failed, checks, sources };
}

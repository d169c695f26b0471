import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createRedis, targetFromUrl, type RedisTarget } from '../queues/connection.js';
import { readPidfile } from '../redis/pidfile.js';
import { createHeartbeatStore } from '../store/heartbeat-store.js';
import { createKeys } from '../store/keys.js';
import type { CliContext } from './context.js';
import type { Role } from './roles-list.js';

/** How often a running process beats. */
export const HEARTBEAT_MS = 5_000;
/** A beat older than this (three missed) makes the process unhealthy. */
export const STALE_MS = 20_000;
/** The whole check's deadline: a healthcheck must answer, healthy or not. */
const CHECK_MS = 5_000;

/**
 * Beats every HEARTBEAT_MS for `role` on this host, from now until the returned stop (which removes the entry).
 * A beat that fails (Redis down or refusing writes) is only logged at debug: the missing beat is the signal.
 */
export function startHeartbeat(deps: { redis: Parameters<typeof createHeartbeatStore>[0]; prefix: string; role: Role; logger: Logger; clock: () => Date }): () => Promise<void> {
  const store = createHeartbeatStore(deps.redis, createKeys(deps.prefix));
  const host = hostname();
  const beat = (): void => void store.beat(deps.role, host, process.pid, deps.clock()).catch((err: Error) => deps.logger.debug({ err: err.message }, 'heartbeat not written'));
  beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await Promise.race([store.remove(deps.role, host, process.pid).catch(() => {}), sleep(1_000, undefined, { ref: false })]);
  };
}

/** Where a running tracker's Redis is: REDIS_URL, or the embedded server its data directory records (never started here). */
async function targetOf(config: Config): Promise<RedisTarget | string> {
  if (config.REDIS_URL) return targetFromUrl(config.REDIS_URL);
  const record = await readPidfile(join(config.DATA_DIR, 'redis.json'));
  return record ? { url: `redis://127.0.0.1:${record.port}` } : `no embedded redis-server recorded in ${config.DATA_DIR} (is the tracker running here?)`;
}

/**
 * `health --role R`: exit 0 when a process of role R on this host beat within STALE_MS, else exit 1 with why. For
 * container healthchecks (docker-compose.yml): it starts nothing and gives up after CHECK_MS.
 */
export async function healthCommand(role: Role, ctx: CliContext): Promise<number> {
  const target = await targetOf(ctx.config);
  if (typeof target === 'string') {
    ctx.err(`unhealthy: ${target}`);
    return 1;
  }
  const redis = createRedis(target, () => {}, { maxRetriesPerRequest: 1, connectTimeout: 2_000, retryStrategy: () => null });
  try {
    const latest = createHeartbeatStore(redis, createKeys(ctx.config.REDIS_PREFIX)).latest(role, hostname());
    const beat = await Promise.race([latest, sleep(CHECK_MS, 'late' as const, { ref: false })]);
    if (beat === 'late') return unhealthy(ctx, `redis did not answer within ${CHECK_MS / 1000} s`);
    if (!beat) return unhealthy(ctx, `no ${role} process on ${hostname()} beat within the hour`);
    const ageS = Math.round((Date.now() - beat.at.getTime()) / 1000);
    if (ageS * 1000 > STALE_MS) return unhealthy(ctx, `the ${role} process (pid ${beat.pid}) last beat ${ageS} s ago`);
    ctx.out(`healthy: ${role} pid ${beat.pid} on ${hostname()} beat ${ageS} s ago`);
    return 0;
  } catch (err) {
    return unhealthy(ctx, `redis: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

function unhealthy(ctx: CliContext, why: string): number {
  ctx.err(`unhealthy: ${why}`);
  return 1;
}

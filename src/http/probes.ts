import type { Redis } from 'ioredis';

/** A check that could not finish in time: its promise is left to settle on its own, and its failure ignored. */
export class ProbeTimeoutError extends Error {
  override readonly name = 'ProbeTimeoutError';
}

/**
 * Settles like `p`, or rejects after `ms`. The web role's connection retries forever (`maxRetriesPerRequest:
 * null`, as BullMQ requires): without a deadline, a health check or a scrape would wait for Redis to come back.
 */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeoutError(`${what}: no answer within ${ms} ms`)), ms);
  });
  p.catch(() => {}); // a late failure after the deadline is not an unhandled rejection
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Whether Redis answers PING within `ms`. A connection that is not `ready` fails at once: its commands would
 * only be queued until it reconnects.
 */
export async function redisAnswers(redis: Redis, ms: number): Promise<{ ok: true } | { ok: false; error: string }> {
  if (redis.status !== 'ready') return { ok: false, error: `connection ${redis.status}` };
  try {
    const pong = await withTimeout(redis.ping(), ms, 'PING');
    return pong === 'PONG' ? { ok: true } : { ok: false, error: `PING answered ${pong}` };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

import type { Redis } from 'ioredis';

/**
 * Every key under a prefix and its value, as one text, but the keys in `skip`: what a test searches for a secret or
 * an address that must be nowhere else (queues with their job data and ids, outboxes, delivery records).
 */
export async function dumpPrefix(conn: Redis, prefix: string, skip: readonly string[] = []): Promise<string> {
  const out: string[] = [];
  for (const key of await conn.keys(`${prefix}:*`)) {
    if (skip.includes(key)) continue;
    const type = await conn.type(key);
    out.push(key);
    if (type === 'string') out.push((await conn.get(key)) ?? '');
    else if (type === 'hash') out.push(JSON.stringify(await conn.hgetall(key)));
    else if (type === 'list') out.push(JSON.stringify(await conn.lrange(key, 0, -1)));
    else if (type === 'set') out.push(JSON.stringify(await conn.smembers(key)));
    else if (type === 'zset') out.push(JSON.stringify(await conn.zrange(key, '0', '-1')));
    else if (type === 'stream') out.push(JSON.stringify(await conn.xrange(key, '-', '+')));
  }
  return out.join('\n');
}

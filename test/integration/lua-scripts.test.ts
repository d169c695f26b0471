/** Scripts called by their hash on a real redis-server: loaded on first use, and again after Redis forgot them. */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evalScript, evalScriptMany, lua } from '../../src/store/lua.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn?.disconnect();
  await redis?.stop();
});

const INCR_BY = lua(`return redis.call('INCRBY', KEYS[1], ARGV[1])`);

it('runs a script by its SHA1, loading it the first time and after a SCRIPT FLUSH', async () => {
  await conn.script('FLUSH');
  expect(await evalScript(conn, INCR_BY, 1, 'lua:a', 2)).toBe(2);
  expect((await conn.script('EXISTS', INCR_BY.sha)) as number[]).toEqual([1]);
  await conn.script('FLUSH');
  expect(await evalScript(conn, INCR_BY, 1, 'lua:a', 3)).toBe(5);
  await expect(evalScript(conn, lua(`return redis.error_reply('BOOM')`), 0)).rejects.toThrow('BOOM');
});

it('runs many calls in one pipeline, each once, even when Redis had forgotten the script', async () => {
  await conn.script('FLUSH');
  const calls = [1, 2, 3].map((n) => ({ numKeys: 1, args: [`lua:m${n}`, n] }));
  expect(await evalScriptMany(conn, INCR_BY, calls)).toEqual([[null, 1], [null, 2], [null, 3]]);
  expect(await evalScriptMany(conn, INCR_BY, calls)).toEqual([[null, 2], [null, 4], [null, 6]]);
  expect(await conn.mget('lua:m1', 'lua:m2', 'lua:m3')).toEqual(['2', '4', '6']);
});

import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script and its SHA1: sent to a Redis once, then called by its hash. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

export const lua = (source: string): LuaScript => ({ source, sha: createHash('sha1').update(source).digest('hex') });

type Arg = string | number;
const noScript = (err: unknown): boolean => err instanceof Error && err.message.startsWith('NOSCRIPT');

/**
 * EVALSHA, or EVAL when this Redis does not know the script yet (its first call, after a restart or a SCRIPT
 * FLUSH), which also caches it there. Sending the script's text with every call cost a fifth of a drain's CPU
 * (profiled in bench/fanout: the socket writes of the scripts' text).
 */
export async function evalScript(redis: Redis, script: LuaScript, numKeys: number, ...args: Arg[]): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, numKeys, ...args);
  } catch (err) {
    if (!noScript(err)) throw err;
    return redis.eval(script.source, numKeys, ...args);
  }
}

/**
 * Many calls of one script in one pipeline (one round trip); the calls that met a Redis without the script are
 * run again once it is loaded. Returns each call's [error, result], in order.
 */
export async function evalScriptMany(redis: Redis, script: LuaScript, calls: ReadonlyArray<{ numKeys: number; args: Arg[] }>): Promise<Array<[Error | null, unknown]>> {
  const run = async (which: readonly number[]): Promise<Array<[Error | null, unknown]>> => {
    const pipeline = redis.pipeline();
    for (const i of which) pipeline.evalsha(script.sha, calls[i]!.numKeys, ...calls[i]!.args);
    return ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
  };
  const replies = await run(calls.map((_, i) => i));
  const missing = replies.flatMap(([err], i) => (noScript(err) ? [i] : []));
  if (missing.length > 0) {
    await redis.script('LOAD', script.source);
    const again = await run(missing);
    missing.forEach((i, k) => (replies[i] = again[k] ?? [new Error('no reply'), null]));
  }
  return replies;
}

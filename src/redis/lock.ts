import { open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './process.js';

/** A lock older than this, or whose owner is dead, was left by a crash. Holders refresh it meanwhile. */
const STALE_MS = 10_000;
const HEARTBEAT_MS = 2_000;
const POLL_MS = 50;

/**
 * Runs `fn` while holding an exclusive lock file created with `open(path, 'wx')`, which the file system
 * grants to one process at a time. Waits up to `waitMs` for another holder; removes a stale lock.
 * Known gap: two waiters that find the same stale lock at the same instant may both remove it; the window is
 * a few microseconds after a crash, and the cost is two servers, not lost data.
 */
export async function withLock<T>(path: string, waitMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const acquired = await tryCreate(path);
    if (acquired) break;
    if (await isStale(path)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${waitMs} ms waiting for the lock ${path}`);
    await sleep(POLL_MS);
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    await rm(path, { force: true });
  }
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    await handle.writeFile(`${JSON.stringify({ pid: process.pid, at: new Date().toISOString() })}\n`);
    await handle.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

async function isStale(path: string): Promise<boolean> {
  try {
    const [info, text] = await Promise.all([stat(path), readFile(path, 'utf8')]);
    if (Date.now() - info.mtimeMs > STALE_MS) return true;
    const pid = (JSON.parse(text) as { pid?: unknown }).pid;
    return typeof pid === 'number' && !isAlive(pid);
  } catch {
    // Gone already (not stale: just retry), or half-written by a holder between open and write.
    return false;
  }
}

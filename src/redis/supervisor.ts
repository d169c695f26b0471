import { setTimeout as sleep } from 'node:timers/promises';
import { withLock } from './lock.js';
import type { FieldLogger } from './log.js';
import { removePidfile, writePidfile } from './pidfile.js';

/** One run of the embedded redis-server: its pid, when it ends, and how to end it. */
export interface Running {
  pid: number;
  /** Resolves once the process has gone, however it went. */
  exited: Promise<void>;
  /** SIGTERM (Redis fsyncs its AOF and exits), then SIGKILL after a grace period. */
  halt(): Promise<void>;
  /** SIGTERM, synchronously: for the process's exit hook. */
  kill(): void;
}

export interface SupervisorOptions {
  port: number;
  pidfile: string;
  lockFile: string;
  first: Running;
  /** A fresh server on the same port and data directory; throws when it does not answer PING. */
  respawn(): Promise<Running>;
  log: FieldLogger;
  /** Waits before each restart attempt; as many attempts as delays (default 0.25, 0.5, 1, 2 and 4 s). */
  restartDelaysMs?: readonly number[];
  /** More deaths than this within `crashWindowMs` (a server that starts, then dies again) is given up on. */
  maxCrashes?: number;
  crashWindowMs?: number;
}

/** What an owner of the embedded server sees of its supervision. */
export interface Supervised {
  readonly pid: number;
  /** False from the moment the server died until it answers again, and for good once given up on. */
  isUp(): boolean;
  /** Called once, when the server died and could not be restarted: the process must stop (exit 1). */
  onFatal(listener: (err: Error) => void): void;
  /** Stops the server (AOF fsynced), ends supervision and removes the pidfile. Idempotent. */
  stop(): Promise<void>;
}

const DELAYS_MS = [250, 500, 1_000, 2_000, 4_000] as const;

/**
 * Restarts the owned redis-server when it dies (a SIGKILL, the OOM killer, a crash): on the same port, so every
 * client reconnects by itself, and on the same data directory, so the AOF brings the data back (up to the last
 * second of writes: appendfsync everysec). The pidfile is rewritten with the new pid under the data directory's
 * lock, so another local process never takes the directory over in between. After every attempt failed, or
 * a server that keeps dying, the owner is told through `onFatal`.
 */
export function supervise(o: SupervisorOptions): Supervised {
  const delays = o.restartDelaysMs ?? DELAYS_MS;
  const maxCrashes = o.maxCrashes ?? 5;
  const windowMs = o.crashWindowMs ?? 60_000;
  let current = o.first;
  let up = true;
  let stopping = false;
  let fatal: Error | undefined;
  const listeners: Array<(err: Error) => void> = [];
  const deaths: number[] = [];
  // A normal exit that skipped stop() must not leave the server behind: SIGTERM is a clean shutdown for Redis.
  const onExit = (): void => current.kill();
  process.once('exit', onExit);

  const fail = (err: Error): void => {
    fatal = err;
    up = false;
    o.log.warn({ port: o.port, err: err.message }, 'embedded redis given up on');
    for (const l of listeners.splice(0)) l(err);
  };

  const restart = async (): Promise<Running | undefined> => {
    let last: Error | undefined;
    for (const [i, delay] of delays.entries()) {
      await sleep(delay);
      if (stopping) return undefined;
      try {
        const next = await o.respawn();
        await writePidfile(o.pidfile, { pid: next.pid, port: o.port, startedAt: new Date().toISOString(), ownerPid: process.pid });
        return next;
      } catch (err) {
        last = err as Error;
        o.log.warn({ port: o.port, attempt: i + 1, of: delays.length, err: last.message.split('\n')[0] }, 'embedded redis did not restart');
      }
    }
    throw new Error(`${delays.length} restarts on port ${o.port} failed; last: ${last?.message ?? 'unknown'}`);
  };

  let restarting: Promise<unknown> = Promise.resolve();
  void (async () => {
    for (;;) {
      await current.exited;
      if (stopping) return;
      up = false;
      const now = Date.now();
      deaths.push(now);
      while (deaths[0]! < now - windowMs) deaths.shift();
      o.log.warn({ pid: current.pid, port: o.port }, 'embedded redis exited unexpectedly; restarting it on the same port');
      if (deaths.length > maxCrashes) return fail(new Error(`it died ${deaths.length} times within ${windowMs / 1000} s`));
      const attempt = withLock(o.lockFile, delays.reduce((a, b) => a + b, 0) + 60_000, restart);
      restarting = attempt.catch(() => {});
      try {
        const next = await attempt;
        if (!next) return;
        current = next;
        up = true;
        o.log.warn({ pid: next.pid, port: o.port }, 'embedded redis restarted');
        if (stopping) return;
      } catch (err) {
        return fail(err as Error);
      }
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    get pid() {
      return current.pid;
    },
    isUp: () => up && !stopping,
    onFatal(listener) {
      if (fatal) listener(fatal);
      else listeners.push(listener);
    },
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        await restarting;
        process.off('exit', onExit);
        await current.halt();
        await removePidfile(o.pidfile, current.pid);
      })()),
  };
}

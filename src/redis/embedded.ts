import { mkdir, open, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { freePort } from './free-port.js';
import { withLock } from './lock.js';
import { toFieldLogger, type FieldLogger, type RedisLog } from './log.js';
import { readPidfile, removePidfile, writePidfile, type PidRecord } from './pidfile.js';
import { probeRedis } from './probe.js';
import { isAlive, spawnRedisServer, stopChild, stopPid, waitForPong } from './process.js';

/** A Redis serving a data directory, launched by us or found already running. */
export interface EmbeddedRedis {
  /** `redis://127.0.0.1:PORT` */
  url: string;
  port: number;
  pid: number;
  /** True when this process must stop it; false when another live process launched it. */
  owned: boolean;
  /** Owner: shuts the server down (AOF fsynced) and removes the pidfile. Otherwise does nothing. */
  stop(): Promise<void>;
}

export interface EmbeddedRedisOptions {
  /** Holds the AOF, redis.log, the pidfile `redis.json` and the lock `redis.lock`; created when missing. */
  dataDir: string;
  redisServerPath: string;
  log: RedisLog;
  /** How long a fresh server has to answer PING (default 10 s). */
  startTimeoutMs?: number;
}

/** The embedded server could not be started; the message carries the tail of redis.log. */
export class EmbeddedRedisError extends Error {
  override readonly name = 'EmbeddedRedisError';
}

const BIND_ATTEMPTS = 5;

/**
 * Gives this process a Redis for `dataDir`: the one recorded in its pidfile when that one is alive and
 * is the recorded server, otherwise a fresh redis-server child on a free loopback port with AOF on and
 * noeviction. A lock file makes concurrent starters on one dataDir agree on a single server.
 * Not covered: a server recorded by another machine sharing the directory (pids are local).
 */
export async function startEmbeddedRedis(given: EmbeddedRedisOptions): Promise<EmbeddedRedis> {
  // redis-server changes into --dir before it opens --logfile: a relative DATA_DIR (the default ./data) must be
  // made absolute, or the server cannot open its log and exits at once.
  const opts = { ...given, dataDir: resolve(given.dataDir) };
  const timeoutMs = opts.startTimeoutMs ?? 10_000;
  const log = toFieldLogger(opts.log);
  await mkdir(opts.dataDir, { recursive: true });
  const pidfile = join(opts.dataDir, 'redis.json');
  return withLock(join(opts.dataDir, 'redis.lock'), timeoutMs * BIND_ATTEMPTS + 10_000, async () => {
    const recorded = await readPidfile(pidfile);
    const reason = recorded === null ? null : await staleness(recorded);
    if (recorded !== null && reason === null) return reuse(recorded, pidfile, log);
    if (recorded !== null) {
      log.warn({ pid: recorded.pid, port: recorded.port, reason }, 'stale redis pidfile removed');
      await removePidfile(pidfile);
    }
    return launch(opts, pidfile, log, timeoutMs);
  });
}

/** Null when the record describes a live server that is that very redis-server; else why not. */
async function staleness(r: PidRecord): Promise<string | null> {
  if (!isAlive(r.pid)) return 'process is dead';
  const probe = await probeRedis({ port: r.port });
  if (probe === null) return 'port does not answer';
  if (probe.processId !== r.pid) return `port is served by process ${probe.processId ?? 'unknown'}`;
  return null;
}

/** A live owner keeps ownership; a server whose owner died (SIGKILL) is adopted, or nobody would stop it. */
async function reuse(r: PidRecord, pidfile: string, log: FieldLogger): Promise<EmbeddedRedis> {
  const url = `redis://127.0.0.1:${r.port}`;
  if (isAlive(r.ownerPid)) {
    log.info({ pid: r.pid, port: r.port, ownerPid: r.ownerPid }, 'reusing running embedded redis');
    return { url, port: r.port, pid: r.pid, owned: false, stop: async () => {} };
  }
  await writePidfile(pidfile, { ...r, ownerPid: process.pid });
  log.info({ pid: r.pid, port: r.port, deadOwnerPid: r.ownerPid }, 'adopted embedded redis of a dead owner');
  return owner(url, r.port, r.pid, pidfile, () => stopPid(r.pid));
}

async function launch(o: EmbeddedRedisOptions, pidfile: string, log: FieldLogger, timeoutMs: number): Promise<EmbeddedRedis> {
  const logfile = join(o.dataDir, 'redis.log');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const logStart = await sizeOf(logfile);
    const child = await spawnRedisServer(o.redisServerPath, serverArgs(port, o.dataDir, logfile));
    try {
      await waitForPong({ port }, child, timeoutMs);
      await writePidfile(pidfile, { pid: child.pid, port, startedAt: new Date().toISOString(), ownerPid: process.pid });
    } catch (err) {
      await stopChild(child, 1_000);
      const tail = `${await readFrom(logfile, logStart)}${child.stderr()}`.trim().split('\n').slice(-10).join('\n');
      if (attempt < BIND_ATTEMPTS && /already in use|Could not create server TCP/i.test(tail)) continue;
      throw new EmbeddedRedisError(`redis-server did not start on port ${port}: ${(err as Error).message}\n${tail}`);
    }
    // A normal exit that skipped stop() must not leave the server behind: SIGTERM is a clean shutdown for Redis.
    const onExit = (): void => void child.process.kill('SIGTERM');
    process.once('exit', onExit);
    log.info({ pid: child.pid, port, dataDir: o.dataDir }, 'embedded redis started');
    let stopping = false;
    void child.exited.then(() => {
      if (!stopping) log.warn({ pid: child.pid, port, logfile }, 'embedded redis exited unexpectedly');
    });
    return owner(`redis://127.0.0.1:${port}`, port, child.pid, pidfile, async () => {
      stopping = true;
      process.off('exit', onExit);
      await stopChild(child);
    });
  }
}

function owner(url: string, port: number, pid: number, pidfile: string, halt: () => Promise<void>): EmbeddedRedis {
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= halt().then(() => removePidfile(pidfile, pid)));
  return { url, port, pid, owned: true, stop };
}

function serverArgs(port: number, dir: string, logfile: string): string[] {
  return [
    '--bind', '127.0.0.1', '--port', String(port), '--dir', dir,
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction',
    '--save', '', '--daemonize', 'no', '--protected-mode', 'yes', '--logfile', logfile,
  ];
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then((s) => s.size, () => 0);
}

async function readFrom(path: string, offset: number): Promise<string> {
  const handle = await open(path, 'r').catch(() => null);
  if (handle === null) return '';
  try {
    const { size } = await handle.stat();
    const length = Math.min(size - offset, 64_000);
    if (length <= 0) return '';
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

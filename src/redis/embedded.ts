import { mkdir, open, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { freePort } from './free-port.js';
import { withLock } from './lock.js';
import { toFieldLogger, type FieldLogger, type RedisLog } from './log.js';
import { readPidfile, removePidfile, writePidfile, type PidRecord } from './pidfile.js';
import { probeRedis } from './probe.js';
import { isAlive, spawnRedisServer, stopChild, stopPid, waitForPong, type RedisChild } from './process.js';
import { supervise, type Running } from './supervisor.js';

/** A Redis serving a data directory, launched by us or found already running. */
export interface EmbeddedRedis {
  /** `redis://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** The current server's pid (a restart changes it). */
  readonly pid: number;
  /** True when this process must stop it (and restarts it when it dies); false when another live process launched it. */
  owned: boolean;
  /** Owner: false while the server is down (being restarted, or given up on). Otherwise always true: not ours to watch. */
  isUp(): boolean;
  /** Owner: called once if the server died and could not be restarted; the process should stop. Otherwise never. */
  onFatal(listener: (err: Error) => void): void;
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
  /** Waits before each restart of a server that died (default 0.25, 0.5, 1, 2, 4 s; then the owner is told). */
  restartDelaysMs?: readonly number[];
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
  const lockFile = join(opts.dataDir, 'redis.lock');
  return withLock(lockFile, timeoutMs * BIND_ATTEMPTS + 10_000, async () => {
    const recorded = await readPidfile(pidfile);
    const reason = recorded === null ? null : await staleness(recorded);
    if (recorded !== null && reason === null) return reuse(recorded, opts, log, timeoutMs);
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

/**
 * A live owner keeps ownership (and restarts the server if it dies: clients reconnect to the same port); a server
 * whose owner died (SIGKILL) is adopted and supervised from then on, or nobody would stop or restart it.
 */
async function reuse(r: PidRecord, o: EmbeddedRedisOptions, log: FieldLogger, timeoutMs: number): Promise<EmbeddedRedis> {
  const url = `redis://127.0.0.1:${r.port}`;
  if (isAlive(r.ownerPid)) {
    log.info({ pid: r.pid, port: r.port, ownerPid: r.ownerPid }, 'reusing running embedded redis');
    return { url, port: r.port, pid: r.pid, owned: false, isUp: () => true, onFatal: () => {}, stop: async () => {} };
  }
  await writePidfile(join(o.dataDir, 'redis.json'), { ...r, ownerPid: process.pid });
  log.info({ pid: r.pid, port: r.port, deadOwnerPid: r.ownerPid }, 'adopted embedded redis of a dead owner');
  return owner(url, r.port, adopted(r.pid), o, log, timeoutMs);
}

/** A server we did not launch: its end is seen by polling its pid. */
function adopted(pid: number): Running {
  const exited = new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (isAlive(pid)) return;
      clearInterval(timer);
      resolve();
    }, 250);
    timer.unref();
  });
  return { pid, exited, halt: () => stopPid(pid), kill: () => void signalQuietly(pid) };
}

function signalQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // gone already
  }
}

function running(child: RedisChild): Running {
  return { pid: child.pid, exited: child.exited, halt: () => stopChild(child), kill: () => void child.process.kill('SIGTERM') };
}

/** A fresh redis-server on `port`, answering PING; on failure, stopped, and the error carries its log's tail. */
async function spawnOn(o: EmbeddedRedisOptions, port: number, timeoutMs: number): Promise<{ child: RedisChild } | { error: Error; tail: string }> {
  const logfile = join(o.dataDir, 'redis.log');
  const logStart = await sizeOf(logfile);
  const child = await spawnRedisServer(o.redisServerPath, serverArgs(port, o.dataDir, logfile));
  try {
    await waitForPong({ port }, child, timeoutMs);
    return { child };
  } catch (err) {
    await stopChild(child, 1_000);
    const tail = `${await readFrom(logfile, logStart)}${child.stderr()}`.trim().split('\n').slice(-10).join('\n');
    return { error: err as Error, tail };
  }
}

async function launch(o: EmbeddedRedisOptions, pidfile: string, log: FieldLogger, timeoutMs: number): Promise<EmbeddedRedis> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const r = await spawnOn(o, port, timeoutMs);
    if ('error' in r) {
      if (attempt < BIND_ATTEMPTS && /already in use|Could not create server TCP/i.test(r.tail)) continue;
      throw new EmbeddedRedisError(`redis-server did not start on port ${port}: ${r.error.message}\n${r.tail}`);
    }
    await writePidfile(pidfile, { pid: r.child.pid, port, startedAt: new Date().toISOString(), ownerPid: process.pid });
    log.info({ pid: r.child.pid, port, dataDir: o.dataDir }, 'embedded redis started');
    return owner(`redis://127.0.0.1:${port}`, port, running(r.child), o, log, timeoutMs);
  }
}

/** The owner's view: the server supervised, restarted on the same port and data directory when it dies. */
function owner(url: string, port: number, first: Running, o: EmbeddedRedisOptions, log: FieldLogger, timeoutMs: number): EmbeddedRedis {
  const supervised = supervise({
    port,
    pidfile: join(o.dataDir, 'redis.json'),
    lockFile: join(o.dataDir, 'redis.lock'),
    first,
    log,
    ...(o.restartDelaysMs ? { restartDelaysMs: o.restartDelaysMs } : {}),
    respawn: async () => {
      const r = await spawnOn(o, port, timeoutMs);
      if ('error' in r) throw new EmbeddedRedisError(`${r.error.message}: ${r.tail.split('\n').slice(-3).join(' | ')}`);
      return running(r.child);
    },
  });
  return {
    url,
    port,
    get pid() {
      return supervised.pid;
    },
    owned: true,
    isUp: () => supervised.isUp(),
    onFatal: (l) => supervised.onFatal(l),
    stop: () => supervised.stop(),
  };
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

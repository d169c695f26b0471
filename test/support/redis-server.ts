import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ensureRedisServer } from '../../src/redis/install.js';
import { spawnRedisServer, stopChild, waitForPong, type RedisChild } from '../../src/redis/process.js';

/** A throwaway redis-server on a Unix socket, for one test file or one test. */
export interface TestRedis {
  socket: string;
  /** Unset: the server listens on its Unix socket only (`--port 0`). */
  port?: number;
  /** ioredis and BullMQ connection options. */
  connection: { path: string };
  /** What ioredis accepts as a URL for a Unix socket: the socket path itself. */
  url: string;
  /** The current server's pid (a restart changes it). */
  pid: number;
  dir: string;
  /** Idempotent: stops the server and removes the directory it created. */
  stop(): Promise<void>;
  /** Stops and starts again on the same directory and socket, as when Redis restarts under the workers. */
  restart(): Promise<void>;
  /** SIGKILL, like a crash: nothing is flushed; `restart()` brings it back. */
  kill(): void;
}

export interface TestRedisOptions {
  /** AOF on (`appendfsync always`) for durability tests; off by default. */
  appendonly?: boolean;
  /** Use this directory (kept on stop) rather than a fresh temporary one (removed on stop). */
  dir?: string;
}

let serverPath: Promise<string> | undefined;

/** Starts a server; the redis-server binary is installed with apt-get when missing and we are root. */
export async function startTestRedis(opts: TestRedisOptions = {}): Promise<TestRedis> {
  serverPath ??= ensureRedisServer({ autoInstall: true, log: (line) => process.stderr.write(`${line}\n`) });
  const path = await serverPath;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'sct-redis-')));
  const socket = join(dir, 'redis.sock');
  const args = [
    '--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--dir', dir,
    '--daemonize', 'no', '--logfile', join(dir, 'redis.log'),
    ...(opts.appendonly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
  ];
  let child: RedisChild;
  let stopped = false;

  const launch = async (): Promise<void> => {
    await mkdir(dir, { recursive: true });
    child = await spawnRedisServer(path, args);
    try {
      await waitForPong({ path: socket }, child, 10_000);
    } catch (err) {
      await stopChild(child, 500);
      const log = await readFile(join(dir, 'redis.log'), 'utf8').catch(() => '');
      throw new Error(`test redis-server did not start: ${(err as Error).message}\n${log.slice(-2_000)}${child.stderr()}`);
    }
    t.pid = child.pid;
  };

  const t: TestRedis = {
    socket,
    connection: { path: socket },
    url: socket,
    pid: 0,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopChild(child, 2_000);
      if (opts.dir === undefined) await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await stopChild(child, 2_000);
      stopped = false;
      await launch();
    },
    kill() {
      if (!child.hasExited()) child.process.kill('SIGKILL');
    },
  };
  try {
    await launch();
  } catch (err) {
    if (opts.dir === undefined) await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return t;
}

/** An ioredis client on the test server, with the `maxRetriesPerRequest: null` BullMQ requires. */
export function createTestConnection(t: TestRedis): Redis {
  return new Redis({ path: t.socket, maxRetriesPerRequest: null });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './run-cli.js';
import { until } from './until.js';

/** `start` run as a user runs it, its output collected; `kill()` in an afterEach stops it however the test ended. */
export interface TrackerProcess {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** The exit code (null: killed by a signal), once it has exited. */
  exited: Promise<number | null>;
  /** Sends `signal` and waits for the exit, up to `ms`; resolves the exit code and how long it took. */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<{ code: number | null; ms: number }>;
  /** The public server's URL, once it listens (JSON logs). */
  url(): Promise<string>;
  /** SIGKILL, and SIGKILL to the embedded redis-server its data directory records: nothing is left running. */
  kill(): void;
}

/** The pid and port of the embedded redis-server recorded in `dataDir`, or undefined. */
export function redisRecord(dataDir: string): { pid: number; port: number } | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'redis.json'), 'utf8')) as { pid: number; port: number };
  } catch {
    return undefined;
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `dist/src/cli.js start …` with the environment given on top of this one (never a default port or data dir). */
export function spawnTracker(args: string[], env: NodeJS.ProcessEnv & { DATA_DIR: string; HTTP_PORT?: '0' }): TrackerProcess {
  const child = spawn(process.execPath, ['dist/src/cli.js', 'start', ...args], { cwd: ROOT, env: { ...process.env, LOG_FORMAT: 'json', HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const redisPids = new Set<number>();
  // Remembered while it runs: the record is gone once it stops, and a test that failed must still clean up.
  const remember = setInterval(() => {
    const r = redisRecord(env.DATA_DIR);
    if (r) redisPids.add(r.pid);
  }, 200);
  void exited.then(() => clearInterval(remember));
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    async stop(signal = 'SIGTERM', ms = 35_000) {
      const t0 = Date.now();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await Promise.race([exited, new Promise<'late'>((r) => setTimeout(() => r('late'), ms))]);
      if (code === 'late') throw new Error(`the tracker did not exit within ${ms} ms of ${signal}\n${err.slice(-2000)}`);
      return { code, ms: Date.now() - t0 };
    },
    async url() {
      let url = '';
      await until('the HTTP server', () => (url = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"http server listening"/.exec(err)?.[1] ?? '') !== '', 30_000, () => err.slice(-2000));
      return url;
    },
    kill() {
      clearInterval(remember);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      const r = redisRecord(env.DATA_DIR);
      for (const pid of [...redisPids, ...(r ? [r.pid] : [])]) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    },
  };
}

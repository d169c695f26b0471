/**
 * The tracker's delivery path as production runs it: `node dist/src/cli.js start --role worker` as a child
 * process, on the benchmark's Redis and emulators, with its memory and CPU read from /proc while it runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Platforms } from './platforms.js';

export interface TrackerOptions {
  root: string;
  /** The compiled CLI, relative to root (BENCH_CLI; default dist/src/cli.js). */
  cli: string;
  dir: string;
  redisSocket: string;
  platforms: Platforms;
  /** Extra variables (LOG_LEVEL, DIGEST_THRESHOLD…), from the benchmark's environment. */
  env?: Record<string, string>;
  /** Where the worker's log (standard error) goes. */
  logFile: string;
}

export interface Tracker {
  pid: number;
  /** Peak resident set so far (VmHWM), in MB (10^6 bytes, as the target is stated). */
  peakRssMB(): number;
  /** Resident set now (VmRSS), in MB. */
  rssMB(): number;
  /** CPU seconds (user + system) the process has used. */
  cpuSeconds(): number;
  /** Lines of the worker's log at level warn or above, so far. */
  problems(): string[];
  /** SIGTERM, then waits for the exit (SIGKILL after 15 s). Returns the exit code. */
  stop(): Promise<number | null>;
}

const TICKS = 100; // USER_HZ on Linux

/** Reads a field of /proc/<pid>/status in kB; 0 when the process is gone. */
function statusKb(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of a process, in seconds; NaN when it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS; // fields 14 and 15 of stat(5)
  } catch {
    return Number.NaN;
  }
}

/** Starts the worker and resolves once it logged that it started (its queues and fan-out loop are up). */
export async function startTracker(o: TrackerOptions): Promise<Tracker> {
  const sources = join(o.dir, 'sources.json');
  // A disabled source: the worker polls nothing, only the fan-out and the drains work.
  writeFileSync(sources, JSON.stringify({
    sources: [{ id: 'anssi-catalogue', kind: 'anssi-catalogue', url: 'http://127.0.0.1:9/catalogue.pdf', interval: '6h', enabled: false }],
  }));
  const { slack, discord } = o.platforms;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    REDIS_URL: `unix://${o.redisSocket}`,
    DATA_DIR: join(o.dir, 'data'),
    SOURCES_FILE: sources,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: 'bench-signing-secret-0000',
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    ...o.env,
  };
  const child: ChildProcess = spawn(process.execPath, [o.cli, 'start', '--role', 'worker'], { cwd: o.root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const log: WriteStream = createWriteStream(o.logFile);
  const problems: string[] = [];
  let started = false;
  let pending = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`the tracker worker exited (${code}) before it started; its log: ${o.logFile}`)));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      log.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!started && line.includes('tracker started')) {
          started = true;
          resolve();
        }
        const level = /"level":(\d+)/.exec(line);
        if (level && Number(level[1]) >= 40) problems.push(line);
      }
    });
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    await ready;
  } finally {
    clearTimeout(timeout);
  }
  const pid = child.pid!;
  let peakKb = 0;
  return {
    pid,
    peakRssMB: () => {
      peakKb = Math.max(peakKb, statusKb(pid, 'VmHWM'));
      return (peakKb * 1024) / 1e6;
    },
    rssMB: () => (statusKb(pid, 'VmRSS') * 1024) / 1e6,
    cpuSeconds: () => cpuSecondsOf(pid),
    problems: () => problems,
    async stop() {
      peakKb = Math.max(peakKb, statusKb(pid, 'VmHWM'));
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(kill);
      await new Promise<void>((resolve) => log.end(resolve));
      return code;
    },
  };
}

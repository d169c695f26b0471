/**
 * The tracker's worker processes of a chaos run, as production runs them: `node dist/src/cli.js start --role
 * worker`, JSON logs on standard error (kept, per process incarnation, for the report), killed with SIGKILL,
 * started again, and stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../run-cli.js';
import { sleep } from './options.js';

export interface WorkerProcess {
  /** `w1`, then `w1#2` once restarted… */
  name: string;
  pid: number;
  child: ChildProcess;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** Date.now() at start, and at exit once exited. */
  startedAt: number;
  exitedAt?: number;
}

/** One JSON log record of a worker process. */
export interface LogRecord {
  proc: string;
  time: number;
  level: number;
  msg: string;
  fields: Record<string, unknown>;
}

export interface LogSummary {
  /** Records at warn level or above, by message, with how many times. */
  warnings: Array<{ level: string; msg: string; count: number; example: string }>;
  /** Lines that were not JSON (a crash's stack trace, Node warnings). */
  other: string[];
}

const LEVELS: Record<number, string> = { 40: 'warn', 50: 'error', 60: 'fatal' };

export class WorkerPool {
  private readonly all: WorkerProcess[] = [];
  private readonly current = new Map<string, WorkerProcess>();

  constructor(private readonly env: Record<string, string>) {}

  /** Starts (or starts again) the worker called `slot`; resolves once it logged that it started. */
  async start(slot: string, timeoutMs = 20_000): Promise<WorkerProcess> {
    const incarnation = this.all.filter((w) => w.name.split('#')[0] === slot).length + 1;
    const child = spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', 'worker'], {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let done = false;
    const w: WorkerProcess = {
      name: incarnation === 1 ? slot : `${slot}#${incarnation}`,
      pid: child.pid ?? -1,
      child,
      stderr: '',
      exited: new Promise((resolve) => child.once('exit', (code, signal) => {
        done = true;
        w.exitedAt = Date.now();
        resolve({ code, signal });
      })),
      hasExited: () => done,
      startedAt: Date.now(),
    };
    child.stderr!.on('data', (d: Buffer) => (w.stderr += d.toString()));
    this.all.push(w);
    this.current.set(slot, w);
    const deadline = Date.now() + timeoutMs;
    while (!w.stderr.includes('tracker started')) {
      if (done) throw new Error(`worker ${w.name} exited before starting:\n${w.stderr.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`worker ${w.name} did not start within ${timeoutMs} ms:\n${w.stderr.slice(-3000)}`);
      await sleep(50);
    }
    return w;
  }

  get(slot: string): WorkerProcess {
    const w = this.current.get(slot);
    if (!w) throw new Error(`no worker ${slot}`);
    return w;
  }

  /** SIGKILL: a crash, nothing flushed, jobs left active with their locks. */
  async kill(slot: string): Promise<void> {
    const w = this.get(slot);
    if (!w.hasExited()) w.child.kill('SIGKILL');
    await w.exited;
  }

  /** SIGTERM, then waits up to `boundMs` for the exit: its code (null if it had to be killed) and how long it took. */
  async terminate(slot: string, boundMs: number): Promise<{ code: number | null; ms: number }> {
    const w = this.get(slot);
    const started = Date.now();
    if (w.hasExited()) return { code: (await w.exited).code, ms: 0 };
    w.child.kill('SIGTERM');
    const timer = sleep(boundMs).then(() => 'late' as const);
    const outcome = await Promise.race([w.exited, timer]);
    if (outcome === 'late') {
      w.child.kill('SIGKILL');
      await w.exited;
      return { code: null, ms: Date.now() - started };
    }
    return { code: outcome.code, ms: Date.now() - started };
  }

  /** Kills whatever is still running (cleanup after a failure); with CHAOS_LOG_DIR set, keeps each process's log there. */
  async killAll(): Promise<void> {
    for (const w of this.all) if (!w.hasExited()) w.child.kill('SIGKILL');
    await Promise.all(this.all.map((w) => w.exited));
    const dir = process.env.CHAOS_LOG_DIR;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      for (const w of this.all) writeFileSync(join(dir, `${w.name.replace('#', '-')}.${w.pid}.log`), w.stderr);
    }
  }

  processes(): readonly WorkerProcess[] {
    return this.all;
  }

  /** Every JSON record of every process, in each process's order. */
  records(): LogRecord[] {
    return this.all.flatMap((w) =>
      w.stderr.split('\n').flatMap((line) => {
        try {
          const { time, level, msg, ...fields } = JSON.parse(line) as { time?: number; level?: number; msg?: string } & Record<string, unknown>;
          return [{ proc: w.name, time: time ?? 0, level: level ?? 0, msg: String(msg ?? ''), fields }];
        } catch {
          return [];
        }
      }),
    );
  }

  /** Warnings and errors of every process, grouped by message. */
  summary(): LogSummary {
    const byMsg = new Map<string, { level: string; msg: string; count: number; example: string }>();
    const other: string[] = [];
    for (const w of this.all) {
      for (const line of w.stderr.split('\n')) {
        if (!line.trim()) continue;
        let rec: { level?: number; msg?: string } & Record<string, unknown>;
        try {
          rec = JSON.parse(line) as typeof rec;
        } catch {
          other.push(`${w.name}: ${line}`);
          continue;
        }
        if ((rec.level ?? 0) < 40) continue;
        const level = LEVELS[rec.level ?? 0] ?? String(rec.level);
        const msg = String(rec.msg ?? '');
        const key = `${level} ${msg}`;
        const entry = byMsg.get(key) ?? { level, msg, count: 0, example: `${w.name}: ${line.slice(0, 400)}` };
        entry.count++;
        byMsg.set(key, entry);
      }
    }
    return { warnings: [...byMsg.values()].sort((a, b) => b.count - a.count), other: other.slice(0, 40) };
  }
}

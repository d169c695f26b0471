import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { probeRedis, type RedisTarget } from './probe.js';

/** A redis-server we launched, with what it wrote on stderr before logging to its file. */
export interface RedisChild {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Resolves once the process has exited (and been reaped). */
  readonly exited: Promise<void>;
  hasExited(): boolean;
  stderr(): string;
}

/**
 * Launches redis-server in its own process group: a Ctrl-C in the terminal (SIGINT to the whole foreground
 * group) must reach only the tracker, which finishes or releases its jobs and then stops Redis itself.
 */
export function spawnRedisServer(path: string, args: string[]): Promise<RedisChild> {
  const child = spawn(path, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  let done = false;
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => { done = true; resolve(); }));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => {
      child.off('error', reject);
      child.on('error', () => {}); // a failed kill() on an exited child is not worth a crash
      resolve({ process: child, pid: child.pid ?? 0, exited, hasExited: () => done, stderr: () => stderr });
    });
  });
}

/** Waits for +PONG; throws when the child exits first or the timeout passes. */
export async function waitForPong(target: RedisTarget, child: RedisChild, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!child.hasExited()) {
    if ((await probeRedis(target, 500))?.pong === true) return;
    if (Date.now() >= deadline) throw new Error(`no answer to PING within ${timeoutMs} ms`);
    await sleep(25);
  }
  throw new Error('redis-server exited during startup');
}

/** SIGTERM (Redis then shuts down as on SHUTDOWN: the AOF is fsynced), then SIGKILL after graceMs. */
export async function stopChild(child: RedisChild, graceMs = 5_000): Promise<void> {
  if (child.hasExited()) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** The same for a server we did not launch (adopted from a dead owner): we can only poll its pid. */
export async function stopPid(pid: number, graceMs = 5_000): Promise<void> {
  const deadline = Date.now() + graceMs;
  signal(pid, 'SIGTERM');
  // Bounded even after SIGKILL: an orphan nobody reaps stays a zombie that kill(pid, 0) still finds.
  while (isAlive(pid) && Date.now() < deadline + 2_000) {
    if (Date.now() >= deadline) signal(pid, 'SIGKILL');
    await sleep(25);
  }
}

/** Whether a process exists; EPERM means it does, only not ours. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

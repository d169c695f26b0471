/**
 * The tracker run as separate roles (`start --role web|bot|worker`), the way a deployment splits it, for tests that
 * need the chat front end up while no worker runs yet. Each process is stopped by the test, even on failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, runCli } from './run-cli.js';
import { until } from './until.js';

export interface RoleProcess {
  /** Everything the process wrote on standard error so far (its JSON log). */
  stderr(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after 20 s). Idempotent. */
  stop(): Promise<void>;
}

/** Starts `start --role <role>` and waits until its log satisfies `ready`. */
export async function startRole(role: string, env: NodeJS.ProcessEnv, ready: (log: string) => boolean, ms = 40_000): Promise<RoleProcess> {
  const child: ChildProcess = spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', role], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    await until(`the ${role} role to start`, () => ready(log) || child.exitCode !== null, ms, () => log.slice(-3000));
    if (child.exitCode !== null) throw new Error(`the ${role} role exited with ${child.exitCode}:\n${log.slice(-3000)}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { stderr: () => log, stop };
}

/** A change event as `check --commit` prints it (the fields these tests look at). */
export interface CheckedEvent {
  id: string;
  kind: string;
  offer?: { provider: string; service: string; types: string[] };
}

/** `check --commit`: one poll of every source, stored; returns the events it stored. */
export async function checkAndCommit(env: NodeJS.ProcessEnv): Promise<CheckedEvent[]> {
  const r = await runCli(['check', '--commit'], env);
  if (r.code !== 0) throw new Error(`check --commit exited ${r.code}:\n${r.stderr}`);
  return r.stdout.trim() === '' ? [] : r.stdout.trim().split('\n').map((l) => JSON.parse(l) as CheckedEvent);
}

/** An export taken by the tracker before type:/exclude: and pause existed (test/fixtures/subscriptions/README.md). */
export const LEGACY_EXPORT = join(ROOT, 'test/fixtures/subscriptions/export-v1.json');

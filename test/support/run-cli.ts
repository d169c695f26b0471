import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the process did not end within the `timeoutMs` given, and was killed. */
  timedOut?: boolean;
}

/** Runs a command (in the repository, or `cwd`) and collects its output and exit code; `input` is written to its stdin. */
export function runProcess(command: string, args: string[], opts: { env: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd ?? ROOT, env: opts.env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    // A command that should have ended but idles is killed (and its group: what it started), never left running.
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), opts.timeoutMs);
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ...(timedOut ? { timedOut } : {}) });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Runs the compiled CLI (dist/, built by `npm test` before vitest) as a user would, with its exit code. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string, opts: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const entry = opts.cwd === undefined ? 'dist/src/cli.js' : join(ROOT, 'dist/src/cli.js');
  return runProcess(process.execPath, [entry, ...args], { env: { ...process.env, ...env }, ...(input === undefined ? {} : { input }), ...opts });
}

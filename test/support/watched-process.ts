import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT } from './run-cli.js';

export interface WatchedResult {
  code: number | null;
  stderr: string;
  /** The child's peak resident memory, as it reported it on exit (process.resourceUsage().maxRSS), in bytes. */
  maxRss?: number;
  /** Why the watchdog killed the child, if it did. */
  killed?: 'memory' | 'time';
}

// Loaded before the command's own code: prints the process's peak RSS (KiB) to stderr as it exits, however it exits.
const PRINT_MAX_RSS = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nmaxRSS="+process.resourceUsage().maxRSS+"\\n"))';

/** The resident memory of a running process, in bytes, from /proc (Linux); undefined where /proc is not. */
function residentBytes(pid: number): number | undefined {
  try {
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * Runs `node <args>` in the repository under a watchdog: killed (SIGKILL) once its resident memory passes
 * `maxRssBytes` (checked every 20 ms) or it runs longer than `timeoutMs`, so that a regression that lets a bomb
 * through cannot exhaust the machine's memory. Resolves with its exit code, stderr and peak RSS.
 */
export function runWatchedNode(args: string[], opts: { maxRssBytes: number; timeoutMs: number }): Promise<WatchedResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', PRINT_MAX_RSS, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killed: WatchedResult['killed'];
    const kill = (why: NonNullable<WatchedResult['killed']>): void => {
      killed ??= why;
      child.kill('SIGKILL');
    };
    const memory = setInterval(() => (residentBytes(child.pid!) ?? 0) > opts.maxRssBytes && kill('memory'), 20);
    const time = setTimeout(() => kill('time'), opts.timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(memory);
      clearTimeout(time);
      const kib = /\nmaxRSS=(\d+)\n/.exec(stderr)?.[1];
      resolve({ code, stderr: stderr.replace(/\nmaxRSS=\d+\n/, ''), ...(kib ? { maxRss: Number(kib) * 1024 } : {}), ...(killed ? { killed } : {}) });
    });
  });
}

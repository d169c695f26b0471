import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Secrets never reach the logs, whatever object they travel in. */
const REDACT = ['*.token', '*.password', '*.secret', '*.authorization', '*.signingSecret', 'config.*TOKEN', 'config.*SECRET'];

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** One readable line per record for a terminal: time, level, message, then the fields as key=value. */
function prettyLine(raw: string): string {
  const { time, level, msg, pid: _pid, hostname: _host, ...fields } = JSON.parse(raw) as Record<string, unknown>;
  const t = typeof time === 'number' ? new Date(time).toISOString().slice(11, 19) : '';
  const extra = Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${t} ${(LEVELS[level as number] ?? String(level)).padEnd(5)} ${String(msg ?? '')}${extra ? `  ${extra}` : ''}\n`;
}

/**
 * The process's one logger. JSON lines (for log collectors) or readable lines (for a terminal), on
 * standard error so that standard output carries only a command's result.
 */
export function createLogger(opts: { level: string; format: 'json' | 'pretty' }): Logger {
  const base = { level: opts.level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined };
  if (opts.format === 'json') return pino(base, pino.destination({ fd: 2, sync: true }));
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) process.stderr.write(prettyLine(line));
      done();
    },
  });
  return pino(base, out);
}

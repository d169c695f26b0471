import { Writable } from 'node:stream';
import { pino, type LogFn, type Logger, type LoggerOptions } from 'pino';
import { CONFIG_VARIABLES } from './config.js';

export type { Logger } from 'pino';

/** Configuration variables that hold a secret: tokens, secrets, passwords, and URLs that may carry credentials. */
const SECRET_VARIABLES = CONFIG_VARIABLES.filter((v) => /(TOKEN|SECRET|PASSWORD|PROXY)$|^REDIS_URL$/.test(v));
/** Field names that hold a secret, whatever object they travel in (Authorization as HTTP clients spell it too). */
const SECRET_FIELDS = ['token', 'botToken', 'appToken', 'password', 'secret', 'signingSecret', 'authorization', 'Authorization', 'cookie', ...SECRET_VARIABLES];

/**
 * Secrets never reach the logs. pino's paths take a wildcard for a whole level only (`config.*TOKEN` would match a
 * key literally named "*TOKEN"), so each field is listed at the top and up to three levels down (an HTTP client's
 * error carries its request headers at err.config.headers).
 */
const REDACT = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]);

/** The user:password@ of a URL quoted in a message or a field (an error naming a proxy or a Redis address). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;
const scrubUrls = (s: string): string => (s.includes('@') ? s.replace(URL_CREDENTIALS, '$1[redacted]@') : s);

/** The record's own string fields with credentials removed from any URL (nested objects are left to REDACT). */
function scrubFields(obj: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== 'string') continue;
    const clean = scrubUrls(v);
    if (clean !== v) (out ??= { ...obj })[k] = clean;
  }
  return out ?? obj;
}

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
  const base: LoggerOptions = {
    level: opts.level,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: undefined,
    formatters: { log: scrubFields },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubUrls(a) : a)) as Parameters<LogFn>);
      },
    },
  };
  if (opts.format === 'json') return pino(base, pino.destination({ fd: 2, sync: true }));
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) process.stderr.write(prettyLine(line));
      done();
    },
  });
  return pino(base, out);
}

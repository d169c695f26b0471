import { Writable } from 'node:stream';
import { pino, type Logger, type LoggerOptions } from 'pino';
import { CONFIG_VARIABLES } from './config.js';
import { createRepeatFilter } from './log-repeats.js';

export type { Logger } from 'pino';

/** Configuration variables that hold a secret: tokens, secrets, passwords, and URLs that may carry credentials. */
const SECRET_VARIABLES = CONFIG_VARIABLES.filter((v) => /(TOKEN|SECRET|PASSWORD|_PASS)$|^(HTTPS?_PROXY|REDIS_URL|SMTP_URL)$/.test(v));
/** Field names that hold a secret, whatever object they travel in. */
const SECRET_FIELDS = ['token', 'botToken', 'appToken', 'password', 'pass', 'secret', 'signingSecret', 'authorization', 'cookie'];

/**
 * Secrets never reach the logs, at whatever depth they travel (`{ config }`, `{ env }`, an HTTP client error's
 * err.config.headers.Authorization): each record, once serialised, has the string value of every member so named
 * (in any case) replaced, and the user:password@ of every URL in it. One pass over the line rather than pino's
 * redact paths: those take a wildcard for a whole level only (`config.*TOKEN` matched a key literally named
 * "*TOKEN", so nothing), and listing each name at each depth made every record several times slower.
 * A JSON member name follows `{` or `,`; a quote inside a string is escaped, so text that merely looks like a
 * member is never taken for one, and no match crosses the end of a string.
 */
const STRING = '"(?:[^"\\\\]|\\\\.)*"';
/** A member named like a secret (or ending so: access_token, set-cookie), whose value is a string or strings. */
const SECRET_MEMBER = new RegExp(`([{,])"((?:${SECRET_VARIABLES.join('|')})|[\\w.-]*(?:${SECRET_FIELDS.join('|')}))":(?:${STRING}|\\[(?:${STRING}(?:,${STRING})*)?\\])`, 'gi');
/** Raw header lists (["authorization","Bot …", …]) as HTTP clients log them: the value after a secret header's name. */
const SECRET_HEADER_PAIR = new RegExp(`([\\[,])"((?:proxy-)?authorization|cookie|set-cookie|x-api-key)",${STRING}`, 'gi');
/** user:password@ of a URL; a password may itself hold an @, so up to the last one before the host's end. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s"/?#]*@/gi;

/** One serialised record (or several lines of them) with its secrets replaced. */
export function scrubSecrets(line: string): string {
  const members = line.replace(SECRET_MEMBER, '$1"$2":"[redacted]"').replace(SECRET_HEADER_PAIR, '$1"$2","[redacted]"');
  return members.includes('@') ? members.replace(URL_CREDENTIALS, '$1[redacted]@') : members;
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
export function createLogger(opts: { level: string; format: 'json' | 'pretty'; repeatWindowMs?: number }): Logger {
  const base: LoggerOptions = { level: opts.level, base: undefined, hooks: { streamWrite: scrubSecrets, logMethod: createRepeatFilter(opts.repeatWindowMs) } };
  if (opts.format === 'json') return pino(base, pino.destination({ fd: 2, sync: true }));
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) process.stderr.write(prettyLine(line));
      done();
    },
  });
  return pino(base, out);
}

import { existsSync } from 'node:fs';
import { z } from 'zod';
import { isTimeZone } from './core/calendar.js';

const flag = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : !['0', 'false', 'no', 'off'].includes(v.toLowerCase())));
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());
const optionalSecret = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(8).optional());

/**
 * The only reader of process.env. Every variable is listed in .env.example and in docs/configuration.md; an invalid
 * value stops the process at boot with every problem listed, rather than failing later in a worker.
 */
const schema = z.object({
  /** Unset: the tracker starts its own redis-server (embedded) with data under DATA_DIR. unix:///path for a socket. */
  REDIS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^(rediss?|unix)$/ }).optional()),
  /** Prefix of every Redis key and BullMQ queue of this deployment. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('snct'),
  DATA_DIR: z.string().min(1).default('./data'),
  SOURCES_FILE: z.string().min(1).default('feeds/sources.json'),
  /** Install redis-server with apt-get when it is missing (root only). */
  AUTO_INSTALL: flag(true),
  HTTP_PROXY: optionalUrl,
  HTTPS_PROXY: optionalUrl,
  NO_PROXY: z.string().optional(),
  FETCH_TIMEOUT_MS: positiveInt(60_000),
  FETCH_MAX_BYTES: positiveInt(50_000_000),
  /** Wall time one parse of a fetched document may take before it is stopped (the source fails, no retry). */
  PARSE_TIMEOUT_MS: positiveInt(60_000),
  /** How often a worker looks for jobs whose worker died (and how long a job's lock lasts without renewal). */
  WORKER_STALLED_INTERVAL_MS: positiveInt(30_000),
  /** What "today", expiry windows and daily jobs mean (an IANA time zone). */
  TZ_REFERENCE: z.string().default('Europe/Paris').refine(isTimeZone, 'not an IANA time zone such as Europe/Paris'),
  /** Days before a qualification's end date at which a reminder is sent, most distant first. */
  REMINDER_WINDOWS: z
    .string()
    .default('90,30,7')
    .transform((v) => v.split(',').map((d) => Number(d.trim())))
    .refine((ds) => ds.length > 0 && ds.every((d) => Number.isInteger(d) && d > 0), 'a comma-separated list of whole days, e.g. 90,30,7'),
  /** When the daily expiry reminders run, HH:MM in TZ_REFERENCE. */
  REMINDER_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, e.g. 08:00').default('08:00'),
  /** Consecutive failed polls of a source before the operators are told (source.failing). */
  FAILING_AFTER: positiveInt(3),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** json for log collectors; pretty for a terminal; auto picks pretty when standard error is a terminal. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Print stack traces of internal errors on the command line. */
  DEBUG: flag(false),
  /** The process's one HTTP server (Slack's endpoint, health); 0 picks a free port. */
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * The operations endpoints (/readyz, /metrics, /admin/queues) on a listener of their own, apart from the public
   * site; unset: on HTTP_PORT with the rest. 0 picks a free port.
   */
  OPS_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).optional()),
  /** Where the operations listener binds: the loopback unless a scraper on another host must reach it. */
  OPS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Basic-auth user and password of the queue dashboard at /admin/queues; the dashboard is off unless both are set. */
  ADMIN_USER: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional()),
  ADMIN_PASSWORD: optionalSecret,
  /** The address users reach the web role at (links in /feed.atom and the API); defaults to the request's own host. */
  PUBLIC_URL: optionalUrl,
  /** Multiplies the platforms' rate limits the workers keep to and divides their retry delays: 1 in production; more only against a time-scaled emulator. */
  DELIVERY_RATE_SCALE: z.coerce.number().positive().default(1),
  /** Changes waiting for one channel beyond which they are sent as one grouped message (a digest). */
  DIGEST_THRESHOLD: z.coerce.number().int().min(2).default(5),
  /** How long delivery records are kept (the change log itself is kept). */
  DELIVERY_RETENTION_DAYS: z.coerce.number().int().positive().default(180),
  /** Language of alerts and replies in a channel that did not choose one (`/secnumcloud lang`). */
  DEFAULT_LANG: z.enum(['fr', 'en']).default('fr'),
  SLACK_BOT_TOKEN: optionalSecret,
  SLACK_SIGNING_SECRET: optionalSecret,
  /** Socket Mode: Slack reaches the app over a WebSocket it opens, for networks that cannot expose a URL. */
  SLACK_APP_TOKEN: optionalSecret,
  /** The Slack Web API base, e.g. a proxy or a staging emulator (default https://slack.com/api/). */
  SLACK_API_URL: optionalUrl,
  /** Only workspace admins and owners may subscribe and unsubscribe. */
  SLACK_ADMIN_ONLY: flag(false),
  DISCORD_TOKEN: optionalSecret,
  DISCORD_APPLICATION_ID: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d{15,22}$/, 'a Discord snowflake id').optional()),
  /** The Discord REST base (a proxy, staging or a test emulator); the gateway address comes from GET /gateway/bot there. */
  DISCORD_API_URL: optionalUrl,
  /** `npm run discord:deploy` registers the command for this guild only (changes show at once) instead of globally. */
  DISCORD_GUILD_ID: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d{15,22}$/, 'a Discord snowflake id').optional()),
  /** The bot role runs one replica per gateway shard. */
  SHARD_ID: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).optional()),
  SHARD_COUNT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).optional()),
  /** Deliver to the webhook targets added with `subscriptions add webhook` (docs/webhooks.md). */
  WEBHOOKS_ENABLED: flag(false),
  /** Let webhooks reach loopback, private and link-local addresses (checked on the resolved address at each connection). */
  WEBHOOK_ALLOW_PRIVATE: flag(false),
  /** A webhook that has not connected, answered or sent its body after this long is retried. */
  WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
  /** Deliver to the Microsoft Teams targets added with `subscriptions add teams` (docs/teams.md). */
  TEAMS_ENABLED: flag(false),
  /** Matrix (Tchap): the bot account's homeserver, e.g. https://matrix.agent.tchap.gouv.fr (docs/matrix.md). */
  MATRIX_HOMESERVER_URL: optionalUrl,
  /** The bot account's access token; rooms are added with `subscriptions add matrix --room`. */
  MATRIX_ACCESS_TOKEN: optionalSecret,
  /**
   * E-mail (docs/email.md): the SMTP server as one URL, smtp://user:pass@host:587 or smtps://…:465 (a credential:
   * redacted from logs); or SMTP_HOST and the variables below. Either turns e-mail delivery on, with MAIL_FROM.
   */
  SMTP_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^smtps?$/ }).optional()),
  SMTP_HOST: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional()),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** Implicit TLS from the first byte (port 465); off: STARTTLS when the server offers it (port 587). */
  SMTP_SECURE: flag(false),
  SMTP_USER: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional()),
  /** The SMTP password (a credential: redacted from logs). */
  SMTP_PASS: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional()),
  /** An SMTP exchange that has not connected, greeted or answered after this long is retried. */
  SMTP_TIMEOUT_MS: positiveInt(30_000),
  /** The sender of every e-mail, e.g. `Veille SecNumCloud <veille@example.fr>`; its domain ends each Message-ID. */
  MAIL_FROM: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(3).max(300).optional()),
  /**
   * The key of the unsubscribe links' HMAC tokens (32 characters or more): the web role checks a link with it, so
   * the worker and web roles share it. Required for e-mail when PUBLIC_URL is set.
   */
  MAIL_UNSUBSCRIBE_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32).optional()),
  /** When daily and weekly digests are sent, HH:MM in TZ_REFERENCE. */
  MAIL_DIGEST_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, e.g. 08:00').default('08:00'),
  /** The day weekly digests are sent: 1 (Monday) to 7 (Sunday). */
  MAIL_DIGEST_WEEKDAY: z.coerce.number().int().min(1).max(7).default(1),
  /** Where operator events go on Discord (a channel id); OPS_SLACK_CHANNEL wins when both are set. */
  OPS_DISCORD_CHANNEL: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d{15,22}$/, 'a Discord channel id').optional()),
  /** Where operator events go (a Slack channel id of the workspace); the console otherwise. */
  OPS_SLACK_CHANNEL: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[CGD][A-Z0-9]+$/, 'a Slack channel id such as C0123ABCD').optional()),
});

/** Variables that only make sense together. */
const checked = schema.superRefine((c, ctx) => {
  if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)' });
  }
  if (Boolean(c.MATRIX_HOMESERVER_URL) !== Boolean(c.MATRIX_ACCESS_TOKEN)) {
    ctx.addIssue({ code: 'custom', path: [c.MATRIX_HOMESERVER_URL ? 'MATRIX_ACCESS_TOKEN' : 'MATRIX_HOMESERVER_URL'], message: 'MATRIX_HOMESERVER_URL and MATRIX_ACCESS_TOKEN go together' });
  }
  const smtp = Boolean(c.SMTP_URL || c.SMTP_HOST);
  if (c.SMTP_URL && c.SMTP_HOST) ctx.addIssue({ code: 'custom', path: ['SMTP_HOST'], message: 'set SMTP_URL or SMTP_HOST, not both' });
  if (smtp && !c.MAIL_FROM) ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'required with SMTP_URL or SMTP_HOST (the sender of every e-mail)' });
  if (c.MAIL_FROM && !mailDomain(c.MAIL_FROM)) ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'an address such as veille@example.fr or Name <veille@example.fr>' });
  if (Boolean(c.SMTP_USER) !== Boolean(c.SMTP_PASS)) ctx.addIssue({ code: 'custom', path: [c.SMTP_USER ? 'SMTP_PASS' : 'SMTP_USER'], message: 'SMTP_USER and SMTP_PASS go together' });
  if (smtp && c.PUBLIC_URL && !c.MAIL_UNSUBSCRIBE_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['MAIL_UNSUBSCRIBE_SECRET'], message: 'required for e-mail with PUBLIC_URL: the key of the unsubscribe links (32 characters or more, the same for the worker and web roles)' });
  }
  if (c.OPS_SLACK_CHANNEL && !c.SLACK_BOT_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['OPS_SLACK_CHANNEL'], message: 'needs SLACK_BOT_TOKEN' });
  }
  if (c.OPS_DISCORD_CHANNEL && !c.DISCORD_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['OPS_DISCORD_CHANNEL'], message: 'needs DISCORD_TOKEN' });
  }
  if (Boolean(c.ADMIN_USER) !== Boolean(c.ADMIN_PASSWORD)) {
    ctx.addIssue({ code: 'custom', path: [c.ADMIN_USER ? 'ADMIN_PASSWORD' : 'ADMIN_USER'], message: 'ADMIN_USER and ADMIN_PASSWORD go together (both unset: no dashboard)' });
  }
  if (c.OPS_PORT !== undefined && c.OPS_PORT !== 0 && c.OPS_PORT === c.HTTP_PORT) {
    ctx.addIssue({ code: 'custom', path: ['OPS_PORT'], message: 'must differ from HTTP_PORT (unset it to serve the operations endpoints on HTTP_PORT)' });
  }
  if (c.SHARD_ID !== undefined && c.SHARD_ID >= (c.SHARD_COUNT ?? 1)) {
    ctx.addIssue({ code: 'custom', path: ['SHARD_ID'], message: 'must be less than SHARD_COUNT' });
  }
});

export type Config = z.infer<typeof schema>;

/** The domain of MAIL_FROM's address (`Name <a@example.fr>` or `a@example.fr`), or undefined if it has none. */
export function mailDomain(from: string): string | undefined {
  const address = /<([^<>\s]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  return /^[^\s@<>]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})$/.exec(address)?.[1]?.toLowerCase();
}

/**
 * What the configuration leaves out, said at boot rather than found in a mailbox: e-mail without PUBLIC_URL sends
 * no unsubscribe link (a broken one would be worse).
 */
export function configNotes(c: Config): string[] {
  const notes: string[] = [];
  if ((c.SMTP_URL || c.SMTP_HOST) && !c.PUBLIC_URL) notes.push('e-mail without PUBLIC_URL: messages carry no unsubscribe link (set PUBLIC_URL and MAIL_UNSUBSCRIBE_SECRET; docs/email.md)');
  return notes;
}

/** Every variable the tracker reads (a test checks each is in .env.example and in docs/configuration.md). */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as Array<keyof Config>;

/** The environment is invalid or misses what a command needs; the message starts with "configuration error". */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(message: string) {
    super(message.startsWith('configuration error') ? message : `configuration error: ${message}`);
  }
}

/** Proxy variables are conventionally accepted in lower case too (curl, wget and undici do). */
function withLowerCaseProxies(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY']) out[name] ??= env[name.toLowerCase()];
  return out;
}

/** Reads and validates the environment; throws a ConfigError listing every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = checked.safeParse(withLowerCaseProxies(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`configuration error: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/**
 * Loads `path` (./.env by default) into the environment when it exists, as the README asks users to create it:
 * variables already set in the environment win, even empty ones (Node's own parser, `process.loadEnvFile`).
 */
export function loadEnvFile(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}

/** The log format a process should use: `auto` resolves by whether standard error is a terminal. */
export function logFormat(config: Config, stderrIsTty: boolean): 'json' | 'pretty' {
  return config.LOG_FORMAT === 'auto' ? (stderrIsTty ? 'pretty' : 'json') : config.LOG_FORMAT;
}

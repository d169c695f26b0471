import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../src/config.js';
import type { Offer } from '../src/core/offer.js';
import type { Logger } from '../src/logger.js';
import { createRedis, targetFromUrl, type RedisTarget } from '../src/queues/connection.js';
import { startEmbeddedRedis, type EmbeddedRedis } from '../src/redis/embedded.js';
import { ensureRedisServer } from '../src/redis/install.js';
import { createFetcher, type Fetcher } from '../src/sources/fetcher.js';
import { budgetFor } from '../src/sources/budget.js';
import { createParserHost, type ParserHost } from '../src/sources/parse-host/parse-host.js';
import type { ParsedDocument } from '../src/sources/registry.js';
import type { SourceConfig } from '../src/sources/schema.js';
import { createNewsStore, type NewsStore } from '../src/store/news-store.js';
import { createReminderStore, type ReminderStore } from '../src/store/reminder-store.js';
import { createChangeLog, type ChangeLog } from '../src/store/change-log.js';
import { createEditionStore, type EditionStore } from '../src/store/edition-store.js';
import { createKeys, type Keys } from '../src/store/keys.js';
import { createMetricsRecorder, type MetricsRecorder } from '../src/metrics.js';
import { createMetricsStore } from '../src/store/metrics-store.js';
import { createSourceStore, type SourceStore } from '../src/store/source-store.js';
import { USER_AGENT } from '../src/version.js';

/** The process's connections and stores, built once from the configuration. */
export interface Runtime {
  config: Config;
  logger: Logger;
  target: RedisTarget;
  redis: Redis;
  keys: Keys;
  store: SourceStore;
  news: NewsStore;
  reminders: ReminderStore;
  changeLog: ChangeLog;
  /** Operations counters shared by the cluster (in Redis); recording never fails the caller. */
  metrics: MetricsRecorder;
  fetcher: Fetcher;
  parse: (source: SourceConfig, bytes: Uint8Array, contentType?: string) => Promise<ParsedDocument>;
  offersOf: (status: Offer['status']) => Promise<Offer[]>;
  editions: EditionStore;
  clock: () => Date;
  /** The embedded redis-server, when REDIS_URL is unset: whether this process owns it, whether it is up. */
  embedded?: EmbeddedRedis;
  /** Closes the fetcher and Redis, then stops the embedded redis-server if this process started it. */
  close(): Promise<void>;
}

/** How long closing waits for Redis to answer QUIT before it drops the connection. */
const QUIT_LIMIT_MS = 2_000;

/** REDIS_URL when set; otherwise the embedded redis-server for DATA_DIR (started, or reused from its pidfile). */
async function redisTarget(config: Config, logger: Logger): Promise<{ target: RedisTarget; embedded?: EmbeddedRedis }> {
  if (config.REDIS_URL) return { target: targetFromUrl(config.REDIS_URL) };
  const path = await ensureRedisServer({ autoInstall: config.AUTO_INSTALL, log: (line) => logger.warn(line) });
  const embedded = await startEmbeddedRedis({ dataDir: config.DATA_DIR, redisServerPath: path, log: logger });
  logger.info({ url: embedded.url, dataDir: config.DATA_DIR, owned: embedded.owned }, 'embedded redis ready');
  return { target: { url: embedded.url }, embedded };
}

/** The process's parser thread, with the budget the configuration sets and its stops logged. */
export function openParserHost(config: Pick<Config, 'FETCH_MAX_BYTES' | 'PARSE_TIMEOUT_MS'>, logger: Logger): ParserHost {
  return createParserHost({
    budget: budgetFor(config.FETCH_MAX_BYTES, { timeMs: config.PARSE_TIMEOUT_MS }),
    onThreadExit: ({ reason, source, code }) =>
      logger.warn({ source, reason, ...(code !== undefined ? { code } : {}) }, `${source}: parser thread ${reason === 'timeout' ? 'stopped (time budget spent)' : reason === 'out-of-memory' ? 'out of memory' : 'died'}; a fresh one takes the next parse`),
  });
}

/** Parses a source's document in the parser thread with its kind's adapter, its settings, and a logger for the adapter's warnings. */
export function parseWithHost(host: ParserHost, source: SourceConfig, bytes: Uint8Array, contentType: string | undefined, logger: Logger): Promise<ParsedDocument> {
  return host.parse(source.kind, bytes, {
    source: source.id,
    ...(contentType ? { contentType } : {}),
    baseUrl: source.url,
    ...('settings' in source ? { settings: source.settings } : {}),
    warn: (message) => logger.warn({ source: source.id }, message),
  });
}

/**
 * The offers of every configured source of one status, as last trusted: the catalogue's qualified offers
 * (to tell a new "en cours" entry from one already qualified, and the providers news may name) or the
 * page's "en cours" entries (to say that a new qualification was in progress before).
 */
export function offersFrom(store: SourceStore, sources: () => readonly SourceConfig[]) {
  return async (status: Offer['status']): Promise<Offer[]> => {
    const kind = status === 'qualified' ? 'anssi-catalogue' : 'anssi-page';
    const snapshots = await Promise.all(sources().filter((s) => s.kind === kind).map((s) => store.getTrusted(s.id)));
    return snapshots.flatMap((t) => t?.snapshot.offers ?? []);
  };
}

export async function openRuntime(
  config: Config,
  logger: Logger,
  sources: () => readonly SourceConfig[],
  given?: RedisTarget,
): Promise<Runtime> {
  const { target, embedded } = given ? { target: given, embedded: undefined } : await redisTarget(config, logger);
  const redis = createRedis(target, (err) => logger.debug({ err: err.message }, 'redis connection error'));
  const keys = createKeys(config.REDIS_PREFIX);
  const proxy = {
    ...(config.HTTP_PROXY ? { httpProxy: config.HTTP_PROXY } : {}),
    ...(config.HTTPS_PROXY ? { httpsProxy: config.HTTPS_PROXY } : {}),
    ...(config.NO_PROXY ? { noProxy: config.NO_PROXY } : {}),
  };
  const fetcher = createFetcher({
    userAgent: USER_AGENT,
    timeoutMs: config.FETCH_TIMEOUT_MS,
    maxBytes: config.FETCH_MAX_BYTES,
    maxRedirects: 5,
    ...(Object.keys(proxy).length > 0 ? { proxy } : {}),
  });
  const store = createSourceStore(redis, keys);
  const parser = openParserHost(config, logger);
  return {
    config,
    logger,
    target,
    redis,
    keys,
    store,
    editions: createEditionStore(redis, keys),
    news: createNewsStore(redis, keys),
    reminders: createReminderStore(redis, keys),
    changeLog: createChangeLog(redis, keys),
    metrics: createMetricsRecorder(createMetricsStore(redis, keys), logger),
    fetcher,
    parse: (source, bytes, contentType) => parseWithHost(parser, source, bytes, contentType, logger),
    offersOf: offersFrom(store, sources),
    clock: () => new Date(),
    ...(embedded ? { embedded } : {}),
    async close() {
      await Promise.all([fetcher.close(), parser.close()]);
      // QUIT waits for the replies still due; a Redis that does not answer must not hold the shutdown.
      const quit = redis.status === 'ready' ? redis.quit().then(() => true, () => false) : Promise.resolve(false);
      if (!(await Promise.race([quit, sleep(QUIT_LIMIT_MS, false, { ref: false })]))) redis.disconnect();
      await embedded?.stop();
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { loadAdapter, type ParsedDocument } from '../../src/sources/registry.js';
import { sourceSchema, type OfferSourceConfig, type SourceConfig } from '../../src/sources/schema.js';
import { createLogger } from '../../src/logger.js';
import { createFetcher, type Fetcher } from '../../src/sources/fetcher.js';
import { createChangeLog, type ChangeLog } from '../../src/store/change-log.js';
import { createEditionStore } from '../../src/store/edition-store.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { createSourceStore, type SourceStore } from '../../src/store/source-store.js';
import { offersFrom } from '../../workers/runtime.js';
import { createNewsStore } from '../../src/store/news-store.js';
import type { PollDeps } from '../../workers/poll-source.js';

export const silentLogger = createLogger({ level: 'silent', format: 'json' });

/** A poll's dependencies on a real Redis, with a fresh key prefix, a settable clock and a parse counter. */
export interface Harness extends PollDeps {
  keys: Keys;
  store: SourceStore;
  changeLog: ChangeLog;
  fetcher: Fetcher;
  parses: () => number;
  setNow(iso: string): void;
}

/**
 * `sources` lists the configured sources whose trusted offers other sources see (qualified providers for
 * feeds and the page, "en cours" entries for the catalogue).
 */
export function createHarness(redis: Redis, prefix = `t${randomUUID().slice(0, 8)}`, sources: SourceConfig[] = []): Harness {
  const keys = createKeys(prefix);
  let now = new Date('2026-01-05T08:00:00Z');
  let parses = 0;
  return {
    keys,
    store: createSourceStore(redis, keys),
    editions: createEditionStore(redis, keys),
    changeLog: createChangeLog(redis, keys),
    fetcher: createFetcher({ userAgent: 'secnumcloud-tracker/test', timeoutMs: 10_000, maxBytes: 50_000_000, maxRedirects: 3 }),
    parse: async (source: SourceConfig, bytes: Uint8Array, contentType?: string): Promise<ParsedDocument> => {
      parses++;
      // In this thread: the poll logic is under test here; the parser thread has its own tests.
      const adapter = await loadAdapter(source.kind);
      if (!adapter) throw new Error(`no source adapter for kind "${source.kind}"`);
      return adapter.parse(bytes, { source: source.id, ...(contentType ? { contentType } : {}), ...('settings' in source ? { settings: source.settings } : {}) });
    },
    news: createNewsStore(redis, keys),
    offersOf: offersFrom(createSourceStore(redis, keys), () => sources),
    clock: () => now,
    logger: silentLogger,
    parses: () => parses,
    setNow: (iso) => {
      now = new Date(iso);
    },
  };
}

/**
 * The catalogue as a source. Its lists: SecNumCloud alone by default, as the suite's synthetic editions print no
 * other (a test of the other lists names them, or `all`).
 */
export function catalogueSource(url: string, guard: Partial<OfferSourceConfig['guard']> = {}, lists: readonly string[] | 'all' = ['secnumcloud']): OfferSourceConfig {
  const settings = lists === 'all' ? {} : { lists };
  return sourceSchema.parse({ id: 'anssi-catalogue', kind: 'anssi-catalogue', url, interval: '6h', guard, settings }) as OfferSourceConfig;
}

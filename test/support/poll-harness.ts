import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Snapshot } from '../../src/core/offer.js';
import { sourceSchema, type SourceConfig } from '../../src/core/sources.js';
import { createLogger } from '../../src/logger.js';
import { createFetcher, type Fetcher } from '../../src/sources/fetcher.js';
import { createChangeLog, type ChangeLog } from '../../src/store/change-log.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { createSourceStore, type SourceStore } from '../../src/store/source-store.js';
import { parseWithAdapter } from '../../workers/runtime.js';
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

export function createHarness(redis: Redis, prefix = `t${randomUUID().slice(0, 8)}`): Harness {
  const keys = createKeys(prefix);
  let now = new Date('2026-01-05T08:00:00Z');
  let parses = 0;
  return {
    keys,
    store: createSourceStore(redis, keys),
    changeLog: createChangeLog(redis, keys),
    fetcher: createFetcher({ userAgent: 'secnumcloud-tracker/test', timeoutMs: 10_000, maxBytes: 50_000_000, maxRedirects: 3 }),
    parse: async (kind: string, bytes: Uint8Array): Promise<Snapshot> => {
      parses++;
      return parseWithAdapter(kind, bytes);
    },
    clock: () => now,
    logger: silentLogger,
    parses: () => parses,
    setNow: (iso) => {
      now = new Date(iso);
    },
  };
}

export function catalogueSource(url: string, guard: Partial<SourceConfig['guard']> = {}): SourceConfig {
  return sourceSchema.parse({ id: 'anssi-catalogue', kind: 'anssi-catalogue', url, interval: '6h', guard });
}

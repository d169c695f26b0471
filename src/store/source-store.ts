import type { Redis } from 'ioredis';
import { trackOf } from '../core/tracks.js';
import type { ChangeEvent } from '../core/events.js';
import { upgradeOffer, type Snapshot } from '../core/offer.js';
import { failingEvent, recoveredEvent } from '../core/operator-events.js';
import type { HeldSnapshot, TrustedState } from '../core/trust.js';
import type { Keys } from './keys.js';
import { COMMIT, FAILURE, HOLD, SUCCESS } from './scripts.js';

/** Conditional-GET validators and body hash of the last trusted document. */
export interface StoredValidators {
  etag?: string;
  lastModified?: string;
  bodyHash?: string;
}

export interface SourceHealth {
  lastSuccessAt?: string;
  lastAttemptAt?: string;
  failures: number;
  failingSince?: string;
  lastError?: string;
}

/** The last document whose every list was settled, and which parser version read it (see Keys.document). */
export interface StoredDocument {
  validators: StoredValidators;
  /** Absent: read by a version from before parser versions, so to be read again. */
  parserVersion?: string;
}

export interface TrustedRecord extends TrustedState {
  storedAt: string;
  validators: StoredValidators;
}

/** Per-source state in Redis: the trusted snapshot, the held one, health. See Keys for the layout. */
export interface SourceStore {
  /** A track's trusted snapshot (a source, or `source/list`: see core/tracks.ts). */
  getTrusted(source: string): Promise<TrustedRecord | undefined>;
  getHeld(source: string): Promise<HeldSnapshot | undefined>;
  /** The source's last settled document; for a store written before, the validators its trusted hash kept. */
  getDocument(source: string): Promise<StoredDocument | undefined>;
  setDocument(source: string, d: StoredDocument): Promise<void>;
  /** The lists other than SecNumCloud the source has stored or held, sorted. */
  trackedLists(source: string): Promise<string[]>;
  addTrackedLists(source: string, lists: readonly string[]): Promise<void>;
  /**
   * Whether a snapshot (of any of its lists), or a feed's news items, are held, without reading them (status pages
   * and probes ask this on every request).
   */
  isHeld(source: string): Promise<boolean>;
  /** When the source was first trusted: its first stored snapshot, or a feed's baseline poll; undefined: never. */
  trustedSince(source: string): Promise<string | undefined>;
  getHealth(source: string): Promise<SourceHealth>;
  /**
   * Stores `snapshot` as trusted and appends `events` to the change log, atomically, only if the trusted
   * state is still `expectedState` (undefined: none yet). False when another poll committed first.
   */
  commit(source: string, c: { expectedState?: string; state: string; snapshot: Snapshot; validators: StoredValidators; events: ChangeEvent[]; now: Date }): Promise<boolean>;
  /** Holds a suspect snapshot (and appends its alert once per body), if the trusted state is unchanged. */
  hold(source: string, c: { expectedState?: string; held: HeldSnapshot; alert?: ChangeEvent }): Promise<boolean>;
  /** Refreshes the validators of an unchanged document (a 304 may carry a new ETag), keeping its parser version. */
  touchValidators(source: string, v: StoredValidators): Promise<void>;
  /** Resets the failure count; after an alerted run, appends source.recovered (`name`: the source's, for people). */
  recordSuccess(source: string, now: Date, name?: string): Promise<void>;
  /** Counts a failed poll; past `threshold` in a row, appends one source.failing event. Returns the count. */
  recordFailure(source: string, error: string, now: Date, threshold: number, name?: string): Promise<number>;
}

/** A stored snapshot, its records read as this version writes them (an older "en cours" date: see upgradeOffer). */
const upgradeSnapshot = (snapshot: Snapshot): Snapshot => ({ ...snapshot, offers: snapshot.offers.map(upgradeOffer) });

export function createSourceStore(redis: Redis, keys: Keys): SourceStore {
  const json = (events: ChangeEvent[]): string[] => events.map((e) => JSON.stringify(e));
  const run = (script: string, keyList: string[], args: (string | number)[]): Promise<unknown> =>
    redis.eval(script, keyList.length, ...keyList, ...args);

  const store: SourceStore = {
    async getTrusted(source) {
      const h = await redis.hgetall(keys.trusted(source));
      if (!h.state || !h.snapshot) return undefined;
      return {
        state: h.state,
        snapshot: upgradeSnapshot(JSON.parse(h.snapshot) as Snapshot),
        storedAt: h.storedAt ?? '',
        validators: {
          ...(h.etag ? { etag: h.etag } : {}),
          ...(h.lastModified ? { lastModified: h.lastModified } : {}),
          ...(h.bodyHash ? { bodyHash: h.bodyHash } : {}),
        },
      };
    },
    async getHeld(source) {
      const raw = await redis.get(keys.held(source));
      if (!raw) return undefined;
      const held = JSON.parse(raw) as HeldSnapshot;
      return { ...held, snapshot: upgradeSnapshot(held.snapshot) };
    },
    async getDocument(source) {
      const d = await redis.hgetall(keys.document(source));
      const h = Object.keys(d).length > 0 ? d : await redis.hgetall(keys.trusted(source));
      if (!h.bodyHash && !h.etag && !h.lastModified) return undefined;
      const validators: StoredValidators = {
        ...(h.etag ? { etag: h.etag } : {}),
        ...(h.lastModified ? { lastModified: h.lastModified } : {}),
        ...(h.bodyHash ? { bodyHash: h.bodyHash } : {}),
      };
      return { validators, ...(h.parserVersion ? { parserVersion: h.parserVersion } : {}) };
    },
    async setDocument(source, d) {
      const v = d.validators;
      await redis
        .multi()
        .del(keys.document(source))
        .hset(keys.document(source), { etag: v.etag ?? '', lastModified: v.lastModified ?? '', bodyHash: v.bodyHash ?? '', parserVersion: d.parserVersion ?? '' })
        .exec();
    },
    async trackedLists(source) {
      return (await redis.smembers(keys.lists(source))).sort();
    },
    async addTrackedLists(source, lists) {
      if (lists.length > 0) await redis.sadd(keys.lists(source), ...lists);
    },
    async isHeld(source) {
      const lists = await redis.smembers(keys.lists(source));
      const held = lists.map((l) => keys.held(trackOf(source, l)));
      return (await redis.exists(keys.held(source), keys.heldNews(source), ...held)) > 0;
    },
    async trustedSince(source) {
      // A store written before firstStoredAt existed: the latest commit is the best known bound.
      const [first, stored] = await redis.hmget(keys.trusted(source), 'firstStoredAt', 'storedAt');
      return first ?? stored ?? (await redis.hget(keys.feed(source), 'baselineAt')) ?? undefined;
    },
    async getHealth(source) {
      const h = await redis.hgetall(keys.health(source));
      return {
        failures: Number(h.failures ?? 0),
        ...(h.lastSuccessAt ? { lastSuccessAt: h.lastSuccessAt } : {}),
        ...(h.lastAttemptAt ? { lastAttemptAt: h.lastAttemptAt } : {}),
        ...(h.failingSince ? { failingSince: h.failingSince } : {}),
        ...(h.lastError ? { lastError: h.lastError } : {}),
      };
    },
    async commit(source, c) {
      const v = c.validators;
      const args = [c.expectedState ?? '', c.state, JSON.stringify(c.snapshot), c.now.toISOString()];
      args.push(v.etag ?? '', v.lastModified ?? '', v.bodyHash ?? '', ...json(c.events));
      return (await run(COMMIT, [keys.trusted(source), keys.held(source), keys.changes()], args)) === 1;
    },
    async hold(source, c) {
      const args = [c.expectedState ?? '', JSON.stringify(c.held), c.held.bodyHash, ...json(c.alert ? [c.alert] : [])];
      return (await run(HOLD, [keys.trusted(source), keys.held(source), keys.changes()], args)) === 1;
    },
    async touchValidators(source, v) {
      const fields = Object.entries(v).filter(([, value]) => value !== undefined) as [string, string][];
      if (fields.length === 0) return;
      // A store written before the document hash existed keeps its validators on the trusted hash.
      const key = (await redis.exists(keys.document(source))) > 0 ? keys.document(source) : keys.trusted(source);
      await redis.hset(key, Object.fromEntries(fields));
    },
    async recordSuccess(source, now, name) {
      const h = await redis.hmget(keys.health(source), 'alerted', 'failingSince', 'failures');
      const [alerted, since, failures] = h;
      const event =
        alerted === '1' && since ? [recoveredEvent(source, Number(failures ?? 0), since, now.toISOString(), name)] : [];
      await run(SUCCESS, [keys.health(source), keys.changes()], [now.toISOString(), since ?? '', ...json(event)]);
    },
    async recordFailure(source, error, now, threshold, name) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const [failuresRaw, sinceRaw, alerted] = await redis.hmget(keys.health(source), 'failures', 'failingSince', 'alerted');
        const failures = Number(failuresRaw ?? 0);
        const since = failures === 0 ? now.toISOString() : (sinceRaw ?? now.toISOString());
        const alert =
          failures + 1 >= threshold && alerted !== '1' ? [failingEvent(source, failures + 1, error, since, now.toISOString(), name)] : [];
        const args = [failures, now.toISOString(), error, threshold, ...json(alert)];
        const result = Number(await run(FAILURE, [keys.health(source), keys.changes()], args));
        if (result >= 0) return result;
      }
      throw new Error(`could not record a failure of ${source}: health kept changing`);
    },
  };
  return store;
}

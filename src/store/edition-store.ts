import type { Redis } from 'ioredis';
import type { Edition, EditionMeta } from '../core/editions.js';
import { upgradeOffer, type Offer } from '../core/offer.js';
import type { Keys } from './keys.js';

/**
 * Every trusted edition of a catalogue: its date, document hash and the records of each list, so that "as of"
 * questions (which offers were qualified on a date, in which edition) have an answer. Documents are not kept.
 * One hash per edition (`meta` and `list:<id>` fields) and a sorted set of their dates.
 */
export interface EditionStore {
  /**
   * Files the trusted records of some lists under their edition, creating it if new; `archived`, the certificate ids
   * of the edition's annex of archived lists, when read (decision 0025).
   */
  keep(source: string, meta: Omit<EditionMeta, 'lists'>, lists: Readonly<Record<string, readonly Offer[]>>, archived?: readonly string[]): Promise<void>;
  /** Every kept edition of a source, oldest first. */
  list(source: string): Promise<EditionMeta[]>;
  /** One kept edition with the records of `lists` (every kept list when absent); undefined when not kept. */
  get(source: string, edition: string, lists?: readonly string[]): Promise<Edition | undefined>;
}

const LIST_FIELD = 'list:';
/** Not a list: the edition's annex of archived certificates (decision 0025). */
const ARCHIVED_FIELD = 'archived';

export function createEditionStore(redis: Redis, keys: Keys): EditionStore {
  const readMeta = (raw: string | null, fields: string[], edition: string): EditionMeta | undefined => {
    if (!raw) return undefined;
    const meta = JSON.parse(raw) as Omit<EditionMeta, 'lists'>;
    const lists = fields.filter((f) => f.startsWith(LIST_FIELD)).map((f) => f.slice(LIST_FIELD.length)).sort();
    return { ...meta, edition, lists };
  };
  return {
    async keep(source, meta, lists, archived) {
      const key = keys.edition(source, meta.edition);
      const fields: Record<string, string> = Object.fromEntries(Object.entries(lists).map(([id, offers]) => [`${LIST_FIELD}${id}`, JSON.stringify(offers)]));
      if (archived) fields[ARCHIVED_FIELD] = JSON.stringify(archived);
      await redis
        .multi()
        .hset(key, { meta: JSON.stringify({ edition: meta.edition, dated: meta.dated, ...(meta.bodyHash ? { bodyHash: meta.bodyHash } : {}), storedAt: meta.storedAt }), ...fields })
        .zadd(keys.editions(source), String(Date.parse(`${meta.edition}T00:00:00Z`)), meta.edition)
        .exec();
    },
    async list(source) {
      const dates = await redis.zrange(keys.editions(source), '0', '-1');
      const pipeline = redis.pipeline();
      for (const d of dates) pipeline.hget(keys.edition(source, d), 'meta').hkeys(keys.edition(source, d));
      const replies = ((await pipeline.exec()) ?? []).map(([err, value]) => {
        if (err) throw err;
        return value;
      });
      return dates.flatMap((d, i) => readMeta(replies[2 * i] as string | null, replies[2 * i + 1] as string[], d) ?? []);
    },
    async get(source, edition, lists) {
      const key = keys.edition(source, edition);
      const fields = await redis.hkeys(key);
      const meta = readMeta(await redis.hget(key, 'meta'), fields, edition);
      if (!meta) return undefined;
      const wanted = (lists ?? meta.lists).filter((l) => meta.lists.includes(l));
      const raw = wanted.length > 0 ? await redis.hmget(key, ...wanted.map((l) => `${LIST_FIELD}${l}`)) : [];
      const records = Object.fromEntries(wanted.map((l, i) => [l, (JSON.parse(raw[i] ?? '[]') as Offer[]).map(upgradeOffer)]));
      const archived = fields.includes(ARCHIVED_FIELD) ? (JSON.parse((await redis.hget(key, ARCHIVED_FIELD)) ?? '[]') as string[]) : undefined;
      return { ...meta, records, ...(archived ? { archived } : {}) };
    },
  };
}

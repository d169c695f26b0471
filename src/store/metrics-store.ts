import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

/** Label names to values of one time series. */
export type Labels = Readonly<Record<string, string>>;

export interface CounterSample {
  labels: Record<string, string>;
  value: number;
}

export interface HistogramSample {
  labels: Record<string, string>;
  /** Cumulative counts per finite upper bound, in the order of the bounds given (the `+Inf` bucket is `count`). */
  buckets: Array<{ le: number; count: number }>;
  sum: number;
  count: number;
}

/**
 * Operations metrics that several processes produce (workers and their replicas) and another one reads (the web
 * role, at scrape time): kept in Redis so that a counter is the cluster's, not one process's. One hash per metric;
 * a field per label set (its labels as sorted JSON), HINCRBY for counters; a histogram keeps per-bucket counts,
 * its sum and its count, under the same hash. Counters are never reset: Prometheus only looks at their increase.
 * What it leaves out: gauges (they are read from their source of truth at scrape time instead).
 */
export interface MetricsStore {
  incr(metric: string, labels: Labels, by?: number): Promise<void>;
  /** Counts `value` in the first bucket whose bound holds it (`bounds` ascending), or in `+Inf`. */
  observe(metric: string, labels: Labels, value: number, bounds: readonly number[]): Promise<void>;
  counters(metric: string): Promise<CounterSample[]>;
  histogram(metric: string, bounds: readonly number[]): Promise<HistogramSample[]>;
  /**
   * Counts the change log's entries by kind, each exactly once whichever process asks (a cursor kept in the same
   * hash, moved by a script), and returns the totals by kind.
   */
  tallyChanges(): Promise<Record<string, number>>;
}

/** The field of one label set: its labels sorted by name, as JSON (which never holds a raw tab or newline). */
export const labelField = (labels: Labels): string => JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))));

function parseLabels(field: string): Record<string, string> | undefined {
  try {
    const v: unknown = JSON.parse(field);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const entries = Object.entries(v);
    return entries.every(([, x]) => typeof x === 'string') ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

/** A histogram's field: the label set's field, a tab, then `le=<bound>`, `le=+Inf`, `sum` or `count`. */
const histogramField = (labels: Labels, part: string): string => `${labelField(labels)}\t${part}`;

const CURSOR_FIELD = '#cursor';
const TALLY_BATCH = 1000;
/** Entries counted per scrape at most: a first scrape of a long log catches up over a few scrapes. */
const TALLY_MAX_BATCHES = 20;

/**
 * KEYS: the change log, the tally hash. ARGV: batch size. Counts the entries after the cursor by their `kind` field
 * and moves the cursor past them, atomically: two web replicas scraping at once never count an entry twice.
 */
const TALLY = `
local cursor = redis.call('HGET', KEYS[2], '${CURSOR_FIELD}')
local start = cursor and ('(' .. cursor) or '-'
local entries = redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', tonumber(ARGV[1]))
for _, e in ipairs(entries) do
  local fields = e[2]
  for i = 1, #fields, 2 do
    if fields[i] == 'kind' then redis.call('HINCRBY', KEYS[2], fields[i + 1], 1) end
  end
end
if #entries > 0 then redis.call('HSET', KEYS[2], '${CURSOR_FIELD}', entries[#entries][1]) end
return #entries
`;

/** The name of the tally's hash (a metric of the store's own, kept apart from the counters' label encoding). */
export const CHANGE_TALLY = 'change_log_tally';

export function createMetricsStore(redis: Redis, keys: Keys): MetricsStore {
  return {
    async incr(metric, labels, by = 1) {
      await redis.hincrby(keys.metric(metric), labelField(labels), by);
    },
    async observe(metric, labels, value, bounds) {
      const bound = bounds.find((b) => value <= b);
      const key = keys.metric(metric);
      await redis
        .multi()
        .hincrby(key, histogramField(labels, `le=${bound ?? '+Inf'}`), 1)
        .hincrbyfloat(key, histogramField(labels, 'sum'), value)
        .hincrby(key, histogramField(labels, 'count'), 1)
        .exec();
    },
    async counters(metric) {
      const h = await redis.hgetall(keys.metric(metric));
      return Object.entries(h).flatMap(([field, raw]) => {
        const labels = parseLabels(field);
        return labels ? [{ labels, value: Number(raw) }] : [];
      });
    },
    async histogram(metric, bounds) {
      const h = await redis.hgetall(keys.metric(metric));
      const sets = new Map<string, Map<string, number>>();
      for (const [field, raw] of Object.entries(h)) {
        const tab = field.lastIndexOf('\t');
        if (tab < 0) continue;
        const set = field.slice(0, tab);
        if (!sets.has(set)) sets.set(set, new Map());
        sets.get(set)!.set(field.slice(tab + 1), Number(raw));
      }
      return [...sets].flatMap(([set, parts]) => {
        const labels = parseLabels(set);
        if (!labels) return [];
        let acc = 0;
        const buckets = bounds.map((le) => ({ le, count: (acc += parts.get(`le=${le}`) ?? 0) }));
        return [{ labels, buckets, sum: parts.get('sum') ?? 0, count: parts.get('count') ?? 0 }];
      });
    },
    async tallyChanges() {
      const key = keys.metric(CHANGE_TALLY);
      for (let i = 0; i < TALLY_MAX_BATCHES; i++) {
        const n = Number(await redis.eval(TALLY, 2, keys.changes(), key, TALLY_BATCH));
        if (n < TALLY_BATCH) break;
      }
      const h = await redis.hgetall(key);
      return Object.fromEntries(Object.entries(h).filter(([k]) => k !== CURSOR_FIELD).map(([k, v]) => [k, Number(v)]));
    },
  };
}

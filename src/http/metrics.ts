import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SOURCE_STATES } from '../core/source-state.js';
import { METRICS, PARSE_BUCKETS } from '../metrics.js';
import type { SourceConfig } from '../sources/schema.js';
import type { CounterSample, HistogramSample, MetricsStore } from '../store/metrics-store.js';
import type { SourceStore } from '../store/source-store.js';
import { redisAnswers, withTimeout } from './probes.js';
import { sourceStatuses, type SourceStatus } from './source-status.js';

/** The queue states shown: what an operator watches for a backlog, a stuck job, or failures. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Everything /metrics shows that lives in Redis, read once per scrape. */
export interface OpsSnapshot {
  /** Counter samples by metric name (polls, deliveries, rate-limit waits). */
  counters: Record<string, CounterSample[]>;
  parseDurations: HistogramSample[];
  /** Change log entries by kind. */
  changes: Record<string, number>;
  queues: Array<{ queue: string; state: string; count: number }>;
  sources: SourceStatus[];
}

export interface SnapshotDeps {
  redis: Redis;
  metrics: MetricsStore;
  store: Pick<SourceStore, 'getHealth' | 'isHeld'>;
  queues: readonly Pick<Queue, 'name' | 'getJobCounts'>[];
  sources: () => readonly SourceConfig[];
  clock: () => Date;
  failingAfter: number;
}

const COUNTERS = [METRICS.polls, METRICS.deliveries, METRICS.rateLimitWaits] as const;

export async function readSnapshot(deps: SnapshotDeps): Promise<OpsSnapshot> {
  const [counters, parseDurations, changes, queues, sources] = await Promise.all([
    Promise.all(COUNTERS.map(async (m) => [m.name, await deps.metrics.counters(m.name)] as const)).then((e) => Object.fromEntries(e)),
    deps.metrics.histogram(METRICS.parseDuration.name, PARSE_BUCKETS),
    deps.metrics.tallyChanges(),
    Promise.all(
      deps.queues.map(async (q) => {
        const counts = await q.getJobCounts(...QUEUE_STATES);
        return QUEUE_STATES.map((state) => ({ queue: q.name, state, count: counts[state] ?? 0 }));
      }),
    ).then((qs) => qs.flat()),
    sourceStatuses(deps.store, deps.sources(), deps.clock(), deps.failingAfter),
  ]);
  return { counters, parseDurations, changes, queues, sources };
}

/** Only the declared labels of a metric: a field written by another version of the code must not break a scrape. */
function pick<T extends string>(labels: Record<string, string>, names: readonly T[]): Partial<Record<T, string>> {
  return Object.fromEntries(names.filter((n) => labels[n] !== undefined).map((n) => [n, labels[n]])) as Partial<Record<T, string>>;
}

type HistogramData = Awaited<ReturnType<Histogram['get']>>;

/**
 * A histogram whose buckets are counted in Redis by the workers, shown as prom-client would show its own. prom-client
 * has no way to set a histogram's buckets, so the values are given at read time: by get(), and by
 * getForPromString(), which the registry prefers when a metric has it.
 */
class StoredHistogram extends Histogram<'kind'> {
  constructor(
    private readonly metricName: string,
    private readonly helpText: string,
    private readonly samples: () => HistogramSample[],
  ) {
    super({ name: metricName, help: helpText, labelNames: ['kind'], buckets: [...PARSE_BUCKETS], registers: [] });
  }

  override async get(): Promise<HistogramData> {
    const name = this.metricName;
    const values = this.samples().flatMap((s) => {
      const labels = pick(s.labels, ['kind']);
      return [
        ...s.buckets.map((b) => ({ labels: { ...labels, le: b.le }, value: b.count, metricName: `${name}_bucket` })),
        { labels: { ...labels, le: '+Inf' }, value: s.count, metricName: `${name}_bucket` },
        { labels, value: s.sum, metricName: `${name}_sum` },
        { labels, value: s.count, metricName: `${name}_count` },
      ];
    });
    // The shape prom-client's own histograms return; its declared type also lists members the registry never reads.
    return { name, help: this.helpText, type: 'histogram', aggregator: 'sum', values } as unknown as HistogramData;
  }

  getForPromString(): Promise<HistogramData> {
    return this.get();
  }
}

/**
 * The registry behind /metrics: the cluster's counters (from Redis), the queues' depths and the sources' freshness
 * (read at scrape time), and this process's default metrics. `snapshot()` gives what the last read found, or
 * undefined when it could not be read: then only `secnumcloud_metrics_read_ok 0`, `secnumcloud_redis_up` (whether
 * Redis answered its PING: a slow read is not a Redis outage) and the process metrics are shown.
 */
export function createMetricsRegistry(snapshot: () => OpsSnapshot | undefined, redisUp: () => boolean = () => snapshot() !== undefined): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const m of [...COUNTERS, METRICS.changeEvents]) {
    new Counter({
      name: m.name,
      help: m.help,
      labelNames: [...m.labelNames],
      registers: [registry],
      collect() {
        this.reset();
        const s = snapshot();
        if (!s) return;
        const samples = m === METRICS.changeEvents ? Object.entries(s.changes).map(([kind, value]) => ({ labels: { kind }, value })) : (s.counters[m.name] ?? []);
        for (const c of samples) if (c.value > 0) this.inc(pick(c.labels, m.labelNames), c.value);
      },
    });
  }
  registry.registerMetric(new StoredHistogram(METRICS.parseDuration.name, METRICS.parseDuration.help, () => snapshot()?.parseDurations ?? []));
  const gauge = <T extends string>(name: string, help: string, labelNames: readonly T[], fill: (g: Gauge<T>, s: OpsSnapshot) => void): void => {
    new Gauge<T>({
      name,
      help,
      labelNames: [...labelNames],
      registers: [registry],
      collect() {
        this.reset();
        const s = snapshot();
        if (s) fill(this, s);
      },
    });
  };
  new Gauge({ name: 'secnumcloud_redis_up', help: 'Whether Redis answered a PING during this scrape', registers: [registry], collect() {
    this.set(redisUp() ? 1 : 0);
  } });
  new Gauge({ name: 'secnumcloud_metrics_read_ok', help: 'Whether the cluster metrics were read from Redis in time for this scrape (0: the other secnumcloud_ metrics are missing)', registers: [registry], collect() {
    this.set(snapshot() ? 1 : 0);
  } });
  gauge('secnumcloud_queue_jobs', 'Jobs in each BullMQ queue, by state', ['queue', 'state'], (g, s) => {
    for (const q of s.queues) g.set({ queue: q.queue, state: q.state }, q.count);
  });
  gauge('secnumcloud_source_seconds_since_success', 'Seconds since the last successful poll of each enabled source (absent: never)', ['source'], (g, s) => {
    for (const src of s.sources) if (src.secondsSinceSuccess !== undefined) g.set({ source: src.id }, src.secondsSinceSuccess);
  });
  gauge('secnumcloud_source_consecutive_failures', 'Failed polls in a row of each enabled source', ['source'], (g, s) => {
    for (const src of s.sources) g.set({ source: src.id }, src.failures);
  });
  gauge('secnumcloud_source_failing', 'Whether a source has failed FAILING_AFTER polls in a row (1) or not (0)', ['source'], (g, s) => {
    for (const src of s.sources) g.set({ source: src.id }, src.failing ? 1 : 0);
  });
  gauge('secnumcloud_source_held', 'Whether a suspect document (or news) of the source is held from subscribers (1) or not (0)', ['source'], (g, s) => {
    for (const src of s.sources) g.set({ source: src.id }, src.held ? 1 : 0);
  });
  gauge('secnumcloud_source_state', "Each enabled source's state, as the page and the API show it: 1 for its current state, 0 for the others", ['source', 'state'], (g, s) => {
    for (const src of s.sources) for (const state of SOURCE_STATES) if (state !== 'disabled') g.set({ source: src.id, state }, src.state === state ? 1 : 0);
  });
  return registry;
}

/**
 * Reads the snapshot (with a deadline: a Redis that is down must not hang the scrape) and renders the registry.
 * Scrapes are serialised, so two at once never mix their snapshots.
 */
export function createMetricsEndpoint(deps: SnapshotDeps & { timeoutMs?: number; onError?: (err: Error) => void }): { registry: Registry; render: () => Promise<string> } {
  let current: OpsSnapshot | undefined;
  let redisUp = false;
  const registry = createMetricsRegistry(() => current, () => redisUp);
  let queue: Promise<unknown> = Promise.resolve();
  const render = async (): Promise<string> => {
    const ms = deps.timeoutMs ?? 2_000;
    const up = await redisAnswers(deps.redis, ms);
    redisUp = up.ok;
    current = up.ok
      ? await withTimeout(readSnapshot(deps), ms, 'metrics snapshot').catch((err: Error) => {
          deps.onError?.(err);
          return undefined;
        })
      : undefined;
    return registry.metrics();
  };
  return {
    registry,
    render: () => {
      const next = queue.then(render, render);
      queue = next.catch(() => {});
      return next;
    },
  };
}

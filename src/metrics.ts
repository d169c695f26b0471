import type { Logger } from './logger.js';
import type { MetricsStore } from './store/metrics-store.js';

/**
 * The operations metrics that workers produce, by name. They are kept in Redis (src/store/metrics-store.ts), so
 * the web role's `/metrics` (src/http/metrics.ts) shows the whole cluster's counts, whichever replica polled or
 * delivered. Label values come from closed sets or from the sources file, never from user input.
 */
export const METRICS = {
  polls: { name: 'secnumcloud_polls_total', help: 'Polls run by the workers, by source and outcome', labelNames: ['source', 'outcome'] },
  parseDuration: { name: 'secnumcloud_parse_duration_seconds', help: 'Time to parse a fetched document, by kind of source', labelNames: ['kind'] },
  changeEvents: { name: 'secnumcloud_change_events_total', help: 'Change events appended to the change log, by kind', labelNames: ['kind'] },
  deliveries: { name: 'secnumcloud_deliveries_total', help: 'Messages handed to a platform (Slack, Discord, webhook, Matrix, Teams, e-mail), by platform and outcome', labelNames: ['platform', 'outcome'] },
  rateLimitWaits: {
    name: 'secnumcloud_rate_limit_waits_total',
    help: "Sends that had to wait: the platform's 429 for one channel or for all (scope channel, global), or our own token bucket (scope bucket)",
    labelNames: ['platform', 'scope'],
  },
} as const;

/** Parsing a 300-page PDF takes seconds; a feed, milliseconds. */
export const PARSE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

/**
 * What a poll came to: `changed` stored change events (or news), `unchanged` found the same document (or no new
 * story), `not_modified` was answered 304, `held` kept a suspect document from subscribers, `baseline` stored a
 * first snapshot, `superseded` lost a race to another poll of the same source, `error` failed (each attempt counts).
 */
export type PollOutcome = 'changed' | 'unchanged' | 'not_modified' | 'held' | 'baseline' | 'superseded' | 'error';

/** `sent` posted (each change of a digest counts), `retried` ended in doubt or on a transient error, `failed` for good. */
export type DeliveryOutcome = 'sent' | 'retried' | 'failed';

export type RateLimitScope = 'channel' | 'global' | 'bucket';

/** What the workers record. Every method resolves, never rejects: a metric lost must never fail a poll or a delivery. */
export interface MetricsRecorder {
  poll(source: string, outcome: PollOutcome): Promise<void>;
  parseDuration(kind: string, seconds: number): Promise<void>;
  delivery(platform: string, outcome: DeliveryOutcome, count?: number): Promise<void>;
  /** A platform's refusal, by its DeliveryError outcome: a 429 is a wait (channel or global), otherwise retried or failed. */
  deliveryError(platform: string, err: { outcome: 'transient' | 'rate-limited' | 'permanent'; details: { global?: boolean } }, count?: number): Promise<void>;
  rateLimitWait(platform: string, scope: RateLimitScope): Promise<void>;
}

export function createMetricsRecorder(store: MetricsStore, logger: Logger): MetricsRecorder {
  const safely = (what: string, p: () => Promise<void>): Promise<void> =>
    p().catch((err: unknown) => logger.debug({ err: err instanceof Error ? err.message : String(err), metric: what }, 'metric not recorded'));
  const recorder: MetricsRecorder = {
    poll: (source, outcome) => safely(METRICS.polls.name, () => store.incr(METRICS.polls.name, { source, outcome })),
    parseDuration: (kind, seconds) =>
      safely(METRICS.parseDuration.name, () => store.observe(METRICS.parseDuration.name, { kind }, seconds, PARSE_BUCKETS)),
    delivery: (platform, outcome, count = 1) =>
      safely(METRICS.deliveries.name, () => store.incr(METRICS.deliveries.name, { platform, outcome }, count)),
    deliveryError: (platform, err, count = 1) =>
      err.outcome === 'rate-limited'
        ? recorder.rateLimitWait(platform, err.details.global ? 'global' : 'channel')
        : recorder.delivery(platform, err.outcome === 'permanent' ? 'failed' : 'retried', count),
    rateLimitWait: (platform, scope) =>
      safely(METRICS.rateLimitWaits.name, () => store.incr(METRICS.rateLimitWaits.name, { platform, scope })),
  };
  return recorder;
}

/** The outcome label of a poll's result (workers/poll-types.ts PollResult, seen structurally). */
export function pollOutcome(r: { outcome: string; reason?: string; events?: readonly unknown[] }): PollOutcome {
  switch (r.outcome) {
    case 'unchanged':
      return r.reason === '304' ? 'not_modified' : 'unchanged';
    case 'news':
      return (r.events?.length ?? 0) > 0 ? 'changed' : 'unchanged';
    case 'changed':
    case 'released':
      return 'changed';
    case 'held':
    case 'baseline':
    case 'superseded':
      return r.outcome;
    default:
      return 'error';
  }
}

/** Wraps a source's parse so that each call's duration (failed ones too) is recorded by the source's kind. */
export function timeParse<A extends [{ kind: string }, ...unknown[]], R>(parse: (...args: A) => Promise<R>, metrics: MetricsRecorder): (...args: A) => Promise<R> {
  return async (...args) => {
    const started = performance.now();
    try {
      return await parse(...args);
    } finally {
      void metrics.parseDuration(args[0].kind, (performance.now() - started) / 1000);
    }
  };
}

import { describe, expect, it } from 'vitest';
import { parseBasicAuth } from '../../src/http/basic-auth.js';
import { createMetricsRegistry, type OpsSnapshot } from '../../src/http/metrics.js';
import { createLogger } from '../../src/logger.js';
import { createMetricsRecorder, pollOutcome, timeParse, type MetricsRecorder } from '../../src/metrics.js';
import type { MetricsStore } from '../../src/store/metrics-store.js';

const silent = createLogger({ level: 'silent', format: 'json' });

/** A store that keeps what it is told, or fails every write. */
function fakeStore(fail = false) {
  const calls: Array<{ op: string; metric: string; labels: Record<string, string>; value: number }> = [];
  const store: MetricsStore = {
    async incr(metric, labels, by = 1) {
      if (fail) throw new Error('redis is down');
      calls.push({ op: 'incr', metric, labels: { ...labels }, value: by });
    },
    async observe(metric, labels, value) {
      if (fail) throw new Error('redis is down');
      calls.push({ op: 'observe', metric, labels: { ...labels }, value });
    },
    counters: async () => [],
    histogram: async () => [],
    tallyChanges: async () => ({}),
  };
  return { store, calls };
}

describe('what the workers record', () => {
  it('names a poll outcome from the poll result', () => {
    expect(pollOutcome({ outcome: 'unchanged', reason: '304' })).toBe('not_modified');
    expect(pollOutcome({ outcome: 'unchanged', reason: 'same-hash' })).toBe('unchanged');
    expect(pollOutcome({ outcome: 'changed', events: [{}] })).toBe('changed');
    expect(pollOutcome({ outcome: 'released', events: [{}] })).toBe('changed');
    expect(pollOutcome({ outcome: 'news', events: [{}] })).toBe('changed');
    expect(pollOutcome({ outcome: 'news', events: [] })).toBe('unchanged');
    expect(pollOutcome({ outcome: 'held' })).toBe('held');
    expect(pollOutcome({ outcome: 'baseline' })).toBe('baseline');
    expect(pollOutcome({ outcome: 'superseded' })).toBe('superseded');
  });

  it('maps a platform refusal to a wait (429, by scope), a retry or a failure, counting each change of a digest', async () => {
    const { store, calls } = fakeStore();
    const m = createMetricsRecorder(store, silent);
    await m.deliveryError('discord', { outcome: 'rate-limited', details: { global: true } }, 3);
    await m.deliveryError('slack', { outcome: 'rate-limited', details: {} }, 3);
    await m.deliveryError('slack', { outcome: 'transient', details: {} }, 3);
    await m.deliveryError('slack', { outcome: 'permanent', details: {} }, 2);
    await m.delivery('slack', 'sent', 5);
    expect(calls.map((c) => [c.metric, c.labels, c.value])).toEqual([
      ['secnumcloud_rate_limit_waits_total', { platform: 'discord', scope: 'global' }, 1],
      ['secnumcloud_rate_limit_waits_total', { platform: 'slack', scope: 'channel' }, 1],
      ['secnumcloud_deliveries_total', { platform: 'slack', outcome: 'retried' }, 3],
      ['secnumcloud_deliveries_total', { platform: 'slack', outcome: 'failed' }, 2],
      ['secnumcloud_deliveries_total', { platform: 'slack', outcome: 'sent' }, 5],
    ]);
  });

  it('never rejects when Redis refuses the write: a lost metric must not fail a poll or a delivery', async () => {
    const { store } = fakeStore(true);
    const m: MetricsRecorder = createMetricsRecorder(store, silent);
    await expect(m.poll('anssi-catalogue', 'changed')).resolves.toBeUndefined();
    await expect(m.parseDuration('rss', 0.2)).resolves.toBeUndefined();
    await expect(m.deliveryError('slack', { outcome: 'transient', details: {} })).resolves.toBeUndefined();
    await expect(m.rateLimitWait('discord', 'bucket')).resolves.toBeUndefined();
  });

  it('times every parse by kind of source, a failed one too, and passes its result or error through', async () => {
    const { store, calls } = fakeStore();
    const m = createMetricsRecorder(store, silent);
    const ok = timeParse(async (s: { kind: string }, n: number) => n * 2, m);
    expect(await ok({ kind: 'rss' }, 21)).toBe(42);
    const bad = timeParse(async (_s: { kind: string }) => Promise.reject(new Error('not a feed')), m);
    await expect(bad({ kind: 'anssi-page' })).rejects.toThrow('not a feed');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.map((c) => [c.op, c.labels.kind])).toEqual([
      ['observe', 'rss'],
      ['observe', 'anssi-page'],
    ]);
    for (const c of calls) expect(c.value).toBeGreaterThanOrEqual(0);
  });
});

describe('the /metrics registry', () => {
  const snapshot: OpsSnapshot = {
    counters: {
      secnumcloud_polls_total: [{ labels: { source: 'cert-fr', outcome: 'not_modified' }, value: 7 }, { labels: { source: 'x', outcome: 'error', stray: 'y' }, value: 1 }],
      secnumcloud_deliveries_total: [{ labels: { platform: 'slack', outcome: 'sent' }, value: 12 }],
    },
    parseDurations: [{ labels: { kind: 'rss' }, buckets: [{ le: 0.01, count: 1 }, { le: 0.05, count: 3 }], sum: 0.07, count: 4 }],
    changes: { 'offer.added': 2, 'news.published': 5 },
    queues: [{ queue: 'notify-slack', state: 'waiting', count: 3 }],
    sources: [{ id: 'cert-fr', kind: 'rss', state: 'failing', status: 'held', failures: 1, failing: false, held: true, secondsSinceSuccess: 30 }],
  };

  it('shows the stored counters, the histogram with cumulative buckets to +Inf, and the gauges of the snapshot', async () => {
    const text = await createMetricsRegistry(() => snapshot).metrics();
    expect(text).toContain('# TYPE secnumcloud_polls_total counter');
    expect(text).toContain('secnumcloud_polls_total{source="cert-fr",outcome="not_modified"} 7');
    // A label this version does not know is dropped rather than breaking the scrape.
    expect(text).toContain('secnumcloud_polls_total{source="x",outcome="error"} 1');
    expect(text).toContain('secnumcloud_deliveries_total{platform="slack",outcome="sent"} 12');
    expect(text).toContain('secnumcloud_change_events_total{kind="news.published"} 5');
    expect(text).toContain('# TYPE secnumcloud_parse_duration_seconds histogram');
    expect(text).toContain('secnumcloud_parse_duration_seconds_bucket{kind="rss",le="0.05"} 3');
    expect(text).toContain('secnumcloud_parse_duration_seconds_bucket{kind="rss",le="+Inf"} 4');
    expect(text).toContain('secnumcloud_parse_duration_seconds_sum{kind="rss"} 0.07');
    expect(text).toContain('secnumcloud_parse_duration_seconds_count{kind="rss"} 4');
    expect(text).toContain('secnumcloud_queue_jobs{queue="notify-slack",state="waiting"} 3');
    expect(text).toContain('secnumcloud_source_held{source="cert-fr"} 1');
    expect(text).toContain('secnumcloud_source_seconds_since_success{source="cert-fr"} 30');
    expect(text).toContain('secnumcloud_redis_up 1');
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
  });

  it('without a snapshot (Redis did not answer) shows redis_up 0 and no stale values', async () => {
    let current: OpsSnapshot | undefined = snapshot;
    const registry = createMetricsRegistry(() => current);
    await registry.metrics();
    current = undefined;
    const text = await registry.metrics();
    expect(text).toContain('secnumcloud_redis_up 0');
    expect(text).not.toMatch(/^secnumcloud_(polls|deliveries|change_events)_total\{/m);
    expect(text).not.toMatch(/^secnumcloud_parse_duration_seconds_count/m);
    expect(text).not.toMatch(/^secnumcloud_queue_jobs\{/m);
  });

  it('tells a slow read of the cluster metrics from a Redis that is down', async () => {
    const text = await createMetricsRegistry(() => undefined, () => true).metrics();
    expect(text).toContain('secnumcloud_redis_up 1');
    expect(text).toContain('secnumcloud_metrics_read_ok 0');
    expect(text).not.toMatch(/^secnumcloud_polls_total\{/m);
  });
});

describe('basic auth header', () => {
  it('reads user and password (a password may hold colons), and refuses what is not Basic', () => {
    const h = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
    expect(parseBasicAuth(h('ops:a:b:c'))).toEqual({ user: 'ops', password: 'a:b:c' });
    expect(parseBasicAuth(h('no-colon'))).toBeUndefined();
    expect(parseBasicAuth('Bearer abc')).toBeUndefined();
    expect(parseBasicAuth(undefined)).toBeUndefined();
  });
});

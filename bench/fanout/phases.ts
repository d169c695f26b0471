/**
 * The three measurements, each on a flushed Redis, fresh emulators and a fresh worker process:
 * - latency: a few channels, one event at a time, nothing rate-limited: XADD → first message accepted;
 * - throughput: thousands of channels subscribed to everything, events appended at once: accepted messages
 *   per second per platform over the steady part, the worker's peak memory and CPU;
 * - slack per channel: a few Slack channels, several events each, so that Slack's per-channel limit binds.
 */
import type { Redis } from 'ioredis';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openNotifyQueues, type NotifyQueueSet } from '../../test/support/notify-queues.js';
import type { Keys } from '../../src/store/keys.js';
import type { TestRedis } from '../../test/support/redis-server.js';
import { appendEvent, offerAdded, subscribeAll } from './events.js';
import { startPlatforms, Tally, type Accepted, type Platforms } from './platforms.js';
import { median, quantile, steadyRate, type SteadyRate } from './stats.js';
import { cpuSecondsOf, startTracker, type Tracker } from './tracker.js';

export interface Ctx {
  root: string;
  cli: string;
  dir: string;
  redis: TestRedis;
  conn: Redis;
  keys: Keys;
  /** Variables passed on to the worker (DIGEST_THRESHOLD, NODE_OPTIONS for diagnosis). */
  workerEnv: Record<string, string>;
  progress: (line: string) => void;
}

async function fresh(ctx: Ctx, name: string, slack: number, discord: number, env: Record<string, string> = {}): Promise<{ platforms: Platforms; tracker: Tracker; tally: Tally; logFile: string }> {
  await ctx.conn.flushall();
  const platforms = await startPlatforms(slack, discord);
  await subscribeAll(ctx.conn, ctx.keys, [...platforms.slackChannels, ...platforms.discordChannels]);
  const logFile = join(ctx.dir, `${name}.log`);
  const tracker = await startTracker({
    root: ctx.root, cli: ctx.cli, dir: ctx.dir, redisSocket: ctx.redis.socket, platforms, logFile,
    env: { REDIS_PREFIX: ctx.keys.prefix, ...ctx.workerEnv, ...env },
  });
  return { platforms, tracker, tally: new Tally(platforms), logFile };
}

// ───────────────────────────── latency ─────────────────────────────

export interface LatencyResult {
  samples: number;
  timeouts: number;
  /** Medians, ms from XADD to the first message accepted: by any platform, by Slack, by Discord; and to the last. */
  first: number;
  firstSlack: number;
  firstDiscord: number;
  last: number;
  p90First: number;
  /** 429s the emulators answered during the phase (must be 0: "nothing rate-limited"). */
  limited: number;
  peakRssMB: number;
  problems: string[];
}

export async function latency(ctx: Ctx, o: { slack: number; discord: number; samples: number; warmup: number; paceMs: number }): Promise<LatencyResult> {
  const { platforms, tracker, tally } = await fresh(ctx, 'latency', o.slack, o.discord);
  const first: number[] = [];
  const firstSlack: number[] = [];
  const firstDiscord: number[] = [];
  const last: number[] = [];
  let timeouts = 0;
  try {
    let lastAppend = 0;
    for (let k = 0; k < o.warmup + o.samples; k++) {
      // Paced so that no channel's limit is reached (Slack 1/s per channel; Discord 5 per 5 s per channel).
      const wait = lastAppend + o.paceMs - Date.now();
      if (wait > 0) await sleep(wait);
      tally.poll();
      const [s0, d0] = [tally.slack.length, tally.discord.length];
      lastAppend = Date.now();
      const { storedAt: stored } = await appendEvent(ctx.conn, ctx.keys, offerAdded('latency', k));
      const deadline = performance.now() + 10_000;
      while (tally.poll().slack.length < s0 + o.slack || tally.discord.length < d0 + o.discord) {
        if (performance.now() > deadline) break;
        await sleep(1);
      }
      const s = tally.slack.slice(s0).map((a) => a.at - stored);
      const d = tally.discord.slice(d0).map((a) => a.at - stored);
      if (s.length < o.slack || d.length < o.discord) timeouts++;
      if (k < o.warmup || s.length + d.length === 0) continue;
      first.push(Math.min(...s, ...d));
      last.push(Math.max(...s, ...d));
      if (s.length > 0) firstSlack.push(Math.min(...s));
      if (d.length > 0) firstDiscord.push(Math.min(...d));
    }
  } finally {
    await tracker.stop();
    await platforms.close();
  }
  tally.poll();
  return {
    samples: first.length, timeouts, first: median(first), firstSlack: median(firstSlack), firstDiscord: median(firstDiscord),
    last: median(last), p90First: quantile(first, 0.9), limited: tally.slack429 + tally.discord429 + tally.slackHistory429,
    peakRssMB: tracker.peakRssMB(), problems: tracker.problems(),
  };
}

// ───────────────────────────── waiting for a run to end ─────────────────────────────

interface RunState {
  /** The fan-out has read and acknowledged every entry of the change log. */
  fannedOut: boolean;
  /** Drain jobs waiting, active, delayed or prioritised. */
  jobs: number;
  failedJobs: number;
}

async function runState(ctx: Ctx, queues: NotifyQueueSet, lastStreamId: string): Promise<RunState> {
  const groups = (await ctx.conn.xinfo('GROUPS', ctx.keys.changes()).catch(() => [])) as unknown[][];
  const fanout = groups.map((g) => Object.fromEntries(pairs(g))).find((g) => g.name === 'fanout');
  const fannedOut = fanout !== undefined && Number(fanout.pending) === 0 && compareIds(String(fanout['last-delivered-id']), lastStreamId) >= 0;
  const c = await queues.counts('wait', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed');
  const jobs = (c.wait ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0);
  return { fannedOut, jobs, failedJobs: c.failed ?? 0 };
}

function pairs(flat: unknown[]): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([String(flat[i]), flat[i + 1]]);
  return out;
}

function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am! !== bm! ? am! - bm! : as! - bs!;
}

/** Delivery records by status, and how many attempts they took, per platform. */
export interface DeliveryStats {
  byStatus: Record<string, number>;
  /** platform → attempts → deliveries (an attempt is a platform call; one that is rate limited counts). */
  attempts: Record<string, Record<string, number>>;
}

async function deliveryStats(ctx: Ctx): Promise<DeliveryStats> {
  const byStatus: Record<string, number> = {};
  const attempts: Record<string, Record<string, number>> = {};
  let cursor = '0';
  do {
    const [next, keys] = await ctx.conn.scan(cursor, 'MATCH', ctx.keys.delivery('*'), 'COUNT', 2000);
    cursor = next;
    const pipe = ctx.conn.pipeline();
    for (const k of keys) pipe.hmget(k, 'status', 'attempt', 'channel');
    for (const [, v] of (await pipe.exec()) ?? []) {
      const [status, attempt, channel] = v as [string | null, string | null, string | null];
      const platform = /"platform":"(\w+)"/.exec(channel ?? '')?.[1] ?? '?';
      byStatus[status ?? '?'] = (byStatus[status ?? '?'] ?? 0) + 1;
      const a = (attempts[platform] ??= {});
      a[attempt ?? '?'] = (a[attempt ?? '?'] ?? 0) + 1;
    }
  } while (cursor !== '0');
  return { byStatus, attempts };
}

/** Appends `events` events at once, then waits until every delivery is settled or the timeout passes. */
async function deliverAll(ctx: Ctx, run: string, tally: Tally, tracker: Tracker, events: number, timeoutS: number) {
  const queues = openNotifyQueues(ctx.conn, ctx.keys.prefix);
  const cpu0 = { worker: tracker.cpuSeconds(), redis: cpuSecondsOf(ctx.redis.pid), bench: process.cpuUsage() };
  const start = Date.now();
  let lastId = '0-0';
  for (let i = 0; i < events; i++) lastId = (await appendEvent(ctx.conn, ctx.keys, offerAdded(run, i))).streamId;
  let fannedOutMs: number | undefined;
  let state: RunState = { fannedOut: false, jobs: 1, failedJobs: 0 };
  let timedOut = false;
  let nextReport = Date.now() + 5_000;
  for (;;) {
    await sleep(250);
    tally.poll();
    tracker.peakRssMB(); // VmHWM is kept by the kernel; reading it while the process lives is enough
    state = await runState(ctx, queues, lastId);
    if (state.fannedOut && fannedOutMs === undefined) fannedOutMs = Date.now() - start;
    if (state.fannedOut && state.jobs === 0) break;
    if (Date.now() - start > timeoutS * 1000) {
      timedOut = true;
      break;
    }
    if (Date.now() >= nextReport) {
      nextReport += 5_000;
      ctx.progress(`  ${((Date.now() - start) / 1000).toFixed(0)} s: slack ${tally.slack.length}, discord ${tally.discord.length} accepted; 429s slack ${tally.slack429} discord ${tally.discord429}; drain jobs ${state.jobs}${state.fannedOut ? '' : ', fanning out'}`);
    }
  }
  const elapsedMs = Date.now() - start;
  const bench = process.cpuUsage(cpu0.bench);
  const cpu = {
    worker: tracker.cpuSeconds() - cpu0.worker,
    redis: cpuSecondsOf(ctx.redis.pid) - cpu0.redis,
    bench: (bench.user + bench.system) / 1e6,
  };
  await queues.close();
  tally.poll();
  return { start, elapsedMs, fannedOutMs, timedOut, failedJobs: state.failedJobs, cpu };
}

// ───────────────────────────── throughput ─────────────────────────────

export interface ThroughputResult {
  slackChannels: number;
  discordChannels: number;
  events: number;
  subscribeMs: number;
  elapsedMs: number;
  fannedOutMs: number | undefined;
  timedOut: boolean;
  slack: SteadyRate | undefined;
  discord: SteadyRate | undefined;
  slackAccepted: number;
  discordAccepted: number;
  /** Discord messages stored (an accepted request with a nonce already seen stores nothing). */
  discordStored: number;
  slack429: number;
  slackHistory: number;
  slackHistory429: number;
  discord429: number;
  errors: string[];
  failedJobs: number;
  deliveries: DeliveryStats;
  peakRssMB: number;
  /** The worker's resident set once started, before the first event. */
  idleRssMB: number;
  cpu: { worker: number; redis: number; bench: number };
  problems: string[];
}

export async function throughput(ctx: Ctx, o: { slack: number; discord: number; events: number; timeoutS: number }): Promise<ThroughputResult> {
  const t0 = performance.now();
  const { platforms, tracker, tally } = await fresh(ctx, 'throughput', o.slack, o.discord);
  const subscribeMs = performance.now() - t0;
  await sleep(1000);
  const idleRssMB = tracker.rssMB();
  ctx.progress(`  ${o.slack + o.discord} channels subscribed, worker pid ${tracker.pid} up (${(subscribeMs / 1000).toFixed(1)} s)`);
  let run: Awaited<ReturnType<typeof deliverAll>>;
  try {
    run = await deliverAll(ctx, 'throughput', tally, tracker, o.events, o.timeoutS);
  } finally {
    await tracker.stop();
  }
  const deliveries = await deliveryStats(ctx);
  const discordStored = [...platforms.discord.messages.values()].reduce((n, l) => n + l.length, 0);
  await platforms.close();
  const at = (xs: Accepted[]): number[] => xs.map((a) => a.at);
  return {
    slackChannels: o.slack, discordChannels: o.discord, events: o.events, subscribeMs, elapsedMs: run.elapsedMs,
    fannedOutMs: run.fannedOutMs, timedOut: run.timedOut,
    slack: steadyRate(at(tally.slack), run.start), discord: steadyRate(at(tally.discord), run.start),
    slackAccepted: tally.slack.length, discordAccepted: tally.discord.length, discordStored,
    slack429: tally.slack429, slackHistory: tally.slackHistory, slackHistory429: tally.slackHistory429, discord429: tally.discord429,
    errors: [...tally.slackErrors, ...tally.discordErrors].map(([k, n]) => `${k} ×${n}`),
    failedJobs: run.failedJobs, deliveries, peakRssMB: tracker.peakRssMB(), idleRssMB, cpu: run.cpu, problems: tracker.problems(),
  };
}

// ───────────────────────────── Slack, per channel ─────────────────────────────

export interface SlackChannelResult {
  channels: number;
  events: number;
  digestThreshold: number;
  elapsedMs: number;
  timedOut: boolean;
  /** Messages accepted per channel (median), and changes delivered in all. */
  messagesPerChannel: number;
  /**
   * Median over channels of the rate after the burst allowance: (k − burst) / (t_k − t_burst) messages per
   * second, k the channel's messages; NaN when no channel posted more than the burst (the limit never bound).
   */
  ratePerChannel: number;
  slack429: number;
  slackHistory: number;
  slackHistory429: number;
  deliveries: DeliveryStats;
  problems: string[];
}

export const SLACK_BURST = 3;

export async function slackPerChannel(ctx: Ctx, o: { channels: number; events: number; timeoutS: number; digestThreshold: number }): Promise<SlackChannelResult> {
  const { platforms, tracker, tally } = await fresh(ctx, 'slack-channel', o.channels, 0, { DIGEST_THRESHOLD: String(o.digestThreshold) });
  let run: Awaited<ReturnType<typeof deliverAll>>;
  try {
    run = await deliverAll(ctx, 'slack-channel', tally, tracker, o.events, o.timeoutS);
  } finally {
    await tracker.stop();
  }
  const deliveries = await deliveryStats(ctx);
  await platforms.close();
  const byChannel = new Map<string, number[]>();
  for (const a of tally.slack) byChannel.set(a.channel, [...(byChannel.get(a.channel) ?? []), a.at]);
  const counts = [...byChannel.values()].map((l) => l.length);
  const rates = [...byChannel.values()].flatMap((l) => {
    const t = [...l].sort((a, b) => a - b);
    if (t.length <= SLACK_BURST) return [];
    const span = t[t.length - 1]! - t[SLACK_BURST - 1]!;
    return span > 0 ? [((t.length - SLACK_BURST) * 1000) / span] : [];
  });
  return {
    channels: o.channels, events: o.events, digestThreshold: o.digestThreshold, elapsedMs: run.elapsedMs, timedOut: run.timedOut,
    messagesPerChannel: median(counts), ratePerChannel: median(rates),
    slack429: tally.slack429, slackHistory: tally.slackHistory, slackHistory429: tally.slackHistory429,
    deliveries, problems: tracker.problems(),
  };
}

/**
 * Benchmark (not a test): fanning change events out to 10,000 subscribed channels against the Slack and Discord
 * emulators with their published limits on. Run with `npm run -s bench:fanout` (it builds first).
 *
 * The delivery path runs as production runs it: `node dist/src/cli.js start --role worker` as a child process,
 * on a throwaway redis-server (Unix socket) and the emulators (test/emulators), with a disabled source so that it
 * polls nothing. The emulators run in this process at timeScale 1: real seconds are emulated seconds (Discord's
 * client library keeps its own 50/s global limit in real time, so a scaled Discord could not be reached anyway).
 * Three measurements, each on a flushed Redis, fresh emulators and a fresh worker:
 *
 * 1. latency: a few channels (2 Slack + 2 Discord), one event at a time, paced so that no limit is reached,
 *    warm-up events discarded: the median time from the event's XADD (its stream id's time) to the first
 *    message an emulator accepted (its record's arrival time). Target: under 250 ms.
 * 2. throughput: 5,000 Slack + 5,000 Discord channels, each subscribed to everything; BENCH_EVENTS events
 *    appended at once. Accepted messages per second per platform between the 10th and the 90th percentile of
 *    the messages (the steady part), against the limit that binds. Discord: the global 50 requests/s (one
 *    message per channel is far under 5 per 5 s per channel). Slack: the emulator enforces no workspace-wide
 *    limit on chat.postMessage, and 1/s per channel (burst 3) cannot bind with a few messages per channel, so
 *    no enforced limit binds: the rate is the worker's own, given as messages/s with no fraction. The worker's
 *    peak memory (VmHWM of its process, target under 200 MB) and the CPU each process used are read from /proc.
 * 3. slack per channel: a few Slack channels with several events each, so that 1 message/s per channel is
 *    the binding limit: the rate after the burst allowance, per channel, as a fraction of 1/s. Digests are off
 *    in this phase (DIGEST_THRESHOLD=1000), or 8 waiting changes would go as one or two messages. The rate can
 *    exceed 1 with no 429 when a channel's drain stopped half-way (more channels than the worker's 8 concurrent
 *    drains) and its bucket refilled meanwhile: the 429 column says whether the limit was kept.
 *
 * Knobs (environment):
 *   BENCH_SLACK_CHANNELS (5000), BENCH_DISCORD_CHANNELS (5000), BENCH_EVENTS (1: 10,000 pairs; 5 makes 50,000,
 *   which Discord's limit alone spreads over 500 s, and several messages per channel are delivered far slower
 *   today: see BENCHMARKS.md), BENCH_TIMEOUT_S (per throughput run; default 1.5× the time Discord's global limit
 *   needs, at least 240; a run cut short is reported as such), BENCH_RUNS (1 throughput run; medians when more);
 *   BENCH_LATENCY_SAMPLES (25), BENCH_LATENCY_PACE_MS (1100);
 *   BENCH_SLACK_CHANNEL_CHANNELS (10; 0 skips phase 3), BENCH_SLACK_CHANNEL_EVENTS (8), BENCH_SLACK_CHANNEL_DIGEST
 *   (1000: digests off in phase 3); BENCH_PHASES (latency,throughput,slack-channel); BENCH_CLI (dist/src/cli.js);
 *   DIGEST_THRESHOLD is passed on to the worker when set; BENCH_WORKER_NODE_OPTIONS becomes its NODE_OPTIONS
 *   (diagnosis only: --max-old-space-size=96 tells live memory from garbage); BENCH_KEEP_LOGS=1 keeps its logs.
 * Default run: about 2 min 40 s with the build, most of it Discord's 5,000 messages at 50/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKeys } from '../src/store/keys.js';
import { createTestConnection, startTestRedis } from '../test/support/redis-server.js';
import { latency, slackPerChannel, throughput, SLACK_BURST, type Ctx, type LatencyResult, type SlackChannelResult, type ThroughputResult } from './fanout/phases.js';
import { fmt, median } from './fanout/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const int = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v >= 0 ? Math.floor(v) : fallback;
};
const K = {
  slack: int('BENCH_SLACK_CHANNELS', 5000),
  discord: int('BENCH_DISCORD_CHANNELS', 5000),
  events: Math.max(1, int('BENCH_EVENTS', 1)),
  timeoutS: 0, // below: it depends on the other knobs
  runs: Math.max(1, int('BENCH_RUNS', 1)),
  latencySamples: Math.max(20, int('BENCH_LATENCY_SAMPLES', 25)),
  latencyPaceMs: int('BENCH_LATENCY_PACE_MS', 1100),
  slackChannelChannels: int('BENCH_SLACK_CHANNEL_CHANNELS', 10),
  slackChannelEvents: Math.max(1, int('BENCH_SLACK_CHANNEL_EVENTS', 8)),
  /** Digests group more than DIGEST_THRESHOLD waiting changes into one message: off here, to see the pacing. */
  slackChannelDigest: Math.max(2, int('BENCH_SLACK_CHANNEL_DIGEST', 1000)),
  phases: new Set((process.env.BENCH_PHASES ?? 'latency,throughput,slack-channel').split(',').map((s) => s.trim())),
  cli: process.env.BENCH_CLI ?? 'dist/src/cli.js',
};
/** Discord's global limit, requests per second (the emulator's default, Discord's published figure). */
const DISCORD_GLOBAL = 50;
K.timeoutS = int('BENCH_TIMEOUT_S', Math.max(240, Math.ceil((1.5 * K.discord * K.events) / DISCORD_GLOBAL)));
const TARGET = { fraction: 0.9, latencyMs: 250, rssMB: 200 };

const progress = (line: string): void => void process.stderr.write(`${line}\n`);

function printLatency(r: LatencyResult): void {
  console.log(`\nlatency: 2 Slack + 2 Discord channels, one event at a time, median of ${r.samples} events (after warm-up)`);
  console.log('XADD → first accepted   any  slack  discord   | XADD → last accepted   p90 first   429s   worker peak RSS');
  console.log(`                    ${fmt(r.first).padStart(6)} ${fmt(r.firstSlack).padStart(6)} ${fmt(r.firstDiscord).padStart(8)} ms | ${fmt(r.last).padStart(17)} ms ${fmt(r.p90First).padStart(8)} ms ${String(r.limited).padStart(6)} ${fmt(r.peakRssMB).padStart(10)} MB`);
  if (r.timeouts > 0) console.log(`  ${r.timeouts} event(s) not delivered to every channel within 10 s`);
}

function printThroughput(rs: ThroughputResult[]): void {
  const r = rs[0]!;
  const med = (f: (x: ThroughputResult) => number | undefined): number => median(rs.map(f).filter((x): x is number => x !== undefined));
  const discordRate = med((x) => x.discord?.rate);
  const slackRate = med((x) => x.slack?.rate);
  console.log(`\nthroughput: ${r.slackChannels.toLocaleString('en')} Slack + ${r.discordChannels.toLocaleString('en')} Discord channels, ${r.events} event(s) appended at once` +
    `${rs.length > 1 ? `, medians of ${rs.length} runs` : ', one run'}; rates over the 10th–90th percentile of messages`);
  console.log('platform  accepted  msg/s steady  median per 1 s  binding limit               fraction');
  console.log(`discord   ${String(med((x) => x.discordAccepted)).padStart(8)}  ${fmt(discordRate, 1).padStart(12)}  ${fmt(med((x) => x.discord?.medianPerSecond)).padStart(14)}  ${'global 50 req/s'.padEnd(26)}  ${fmt(discordRate / DISCORD_GLOBAL, 3).padStart(8)}`);
  console.log(`slack     ${String(med((x) => x.slackAccepted)).padStart(8)}  ${fmt(slackRate, 1).padStart(12)}  ${fmt(med((x) => x.slack?.medianPerSecond)).padStart(14)}  ${'none (1/s per channel: idle)'.padEnd(26)}  ${'—'.padStart(8)}`);
  for (const x of rs) {
    const pairs = (x.slackChannels + x.discordChannels) * x.events;
    console.log(`  run: ${pairs.toLocaleString('en')} pairs in ${fmt(x.elapsedMs / 1000, 1)} s${x.timedOut ? ' (TIMED OUT)' : ''}; fan-out done after ${x.fannedOutMs === undefined ? '—' : fmt(x.fannedOutMs / 1000, 1)} s; ` +
      `discord ${fmt(x.discord?.rate ?? Number.NaN, 1)}/s over ${fmt((x.discord?.fromMs ?? Number.NaN) / 1000)}–${fmt((x.discord?.toMs ?? Number.NaN) / 1000)} s, slack ${fmt(x.slack?.rate ?? Number.NaN, 1)}/s over ${fmt((x.slack?.fromMs ?? Number.NaN) / 1000)}–${fmt((x.slack?.toMs ?? Number.NaN) / 1000)} s`);
    console.log(`       429s answered: discord ${x.discord429}, slack ${x.slack429} (history ${x.slackHistory}, its 429s ${x.slackHistory429}); discord messages stored ${x.discordStored}` +
      `; deliveries ${JSON.stringify(x.deliveries.byStatus)}, attempts ${JSON.stringify(x.deliveries.attempts)}; jobs failed for good ${x.failedJobs}` +
      `${x.errors.length ? `; errors ${x.errors.join(', ')}` : ''}`);
    console.log(`       CPU seconds: worker ${fmt(x.cpu.worker, 1)}, redis-server ${fmt(x.cpu.redis, 1)}, this process (emulators) ${fmt(x.cpu.bench, 1)} over ${fmt(x.elapsedMs / 1000, 1)} s on 2 cores; worker RSS ${fmt(x.idleRssMB)} MB idle, ${fmt(x.peakRssMB)} MB peak`);
  }
}

function printSlackChannel(r: SlackChannelResult): void {
  console.log(`\nslack per channel: ${r.channels} Slack channels, ${r.events} events appended at once, DIGEST_THRESHOLD=${r.digestThreshold} (limit 1 message/s per channel, burst ${SLACK_BURST})`);
  console.log('messages/channel  msg/s per channel after burst  fraction of 1/s  429s  history calls (429s)  elapsed');
  console.log(`${fmt(r.messagesPerChannel).padStart(16)}  ${fmt(r.ratePerChannel, 2).padStart(29)}  ${fmt(r.ratePerChannel, 3).padStart(15)}  ${String(r.slack429).padStart(4)}  ${`${r.slackHistory} (${r.slackHistory429})`.padStart(21)}  ${fmt(r.elapsedMs / 1000, 1)} s${r.timedOut ? ' (TIMED OUT)' : ''}`);
  console.log(`  deliveries ${JSON.stringify(r.deliveries.byStatus)}, attempts ${JSON.stringify(r.deliveries.attempts)}`);
}

function printSummary(lat: LatencyResult | undefined, tp: ThroughputResult[], sc: SlackChannelResult | undefined): void {
  console.log('\nsummary (targets)');
  if (tp.some((x) => x.discord !== undefined)) {
    const fraction = median(tp.map((x) => x.discord?.rate ?? Number.NaN)) / DISCORD_GLOBAL;
    console.log(`  delivery rate / enforced limit (Discord, global 50/s): ${fmt(fraction, 3)}  (target ≥ ${TARGET.fraction}) ${fraction >= TARGET.fraction ? 'met' : 'MISSED'}`);
  }
  if (sc && Number.isFinite(sc.ratePerChannel)) {
    console.log(`  delivery rate / enforced limit (Slack, 1/s per channel): ${fmt(sc.ratePerChannel, 3)}  (target ≥ ${TARGET.fraction}) ${sc.ratePerChannel >= TARGET.fraction ? 'met' : 'MISSED'}`);
  }
  if (lat) console.log(`  XADD → first message accepted, median: ${fmt(lat.first)} ms  (target < ${TARGET.latencyMs} ms) ${lat.first < TARGET.latencyMs ? 'met' : 'MISSED'}`);
  const peak = Math.max(...tp.map((x) => x.peakRssMB), lat?.peakRssMB ?? 0);
  if (tp.length > 0 || lat) console.log(`  worker peak RSS: ${fmt(peak)} MB  (target < ${TARGET.rssMB} MB) ${peak < TARGET.rssMB ? 'met' : 'MISSED'}`);
  const problems = [...(lat?.problems ?? []), ...tp.flatMap((x) => x.problems), ...(sc?.problems ?? [])];
  if (problems.length > 0) {
    console.log(`  the worker logged ${problems.length} warning(s)/error(s), e.g.:`);
    for (const p of [...new Set(problems.map((l) => (/"msg":"([^"]*)"/.exec(l)?.[1] ?? l).slice(0, 160)))].slice(0, 5)) console.log(`    ${p}`);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fanout-bench-'));
  const redis = await startTestRedis();
  const conn = createTestConnection(redis);
  const workerEnv: Record<string, string> = {};
  if (process.env.DIGEST_THRESHOLD) workerEnv.DIGEST_THRESHOLD = process.env.DIGEST_THRESHOLD;
  if (process.env.BENCH_WORKER_NODE_OPTIONS) workerEnv.NODE_OPTIONS = process.env.BENCH_WORKER_NODE_OPTIONS;
  const ctx: Ctx = { root: ROOT, cli: K.cli, dir, redis, conn, keys: createKeys('bench'), workerEnv, progress };
  let lat: LatencyResult | undefined;
  const tp: ThroughputResult[] = [];
  let sc: SlackChannelResult | undefined;
  try {
    console.log(`fan-out benchmark, emulators at timeScale 1 with their limits on (node ${process.version}, ${K.cli})`);
    if (K.phases.has('latency')) {
      progress('latency…');
      lat = await latency(ctx, { slack: 2, discord: 2, samples: K.latencySamples, warmup: 3, paceMs: K.latencyPaceMs });
      printLatency(lat);
    }
    if (K.phases.has('throughput')) {
      for (let i = 0; i < K.runs; i++) {
        progress(`throughput, run ${i + 1}/${K.runs}…`);
        tp.push(await throughput(ctx, { slack: K.slack, discord: K.discord, events: K.events, timeoutS: K.timeoutS }));
      }
      printThroughput(tp);
    }
    if (K.phases.has('slack-channel') && K.slackChannelChannels > 0) {
      progress('slack per channel…');
      sc = await slackPerChannel(ctx, { channels: K.slackChannelChannels, events: K.slackChannelEvents, timeoutS: 90, digestThreshold: K.slackChannelDigest });
      printSlackChannel(sc);
    }
    printSummary(lat, tp, sc);
    if (process.env.BENCH_KEEP_LOGS === '1') console.log(`  worker logs: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  } catch (err) {
    console.error(`fan-out benchmark failed; worker logs kept in ${dir}`);
    throw err;
  } finally {
    conn.disconnect();
    await redis.stop();
  }
}

await main();

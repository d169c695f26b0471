/**
 * Chaos: changes reach every subscribed channel once, in order, while worker processes are killed, redis-server
 * restarts and the platforms answer 429s and 500s (some of them after storing the message). Webhook targets are
 * at least once: their receiver keeps each idempotency key once, and the distinct keys must carry every change
 * once, in order (a change under two keys, a single then a digest, is a duplicate).
 *
 * What the platforms stored is the judge: every (change, channel) pair must appear in exactly one stored message
 * (a digest counts for each change it lists), in change-log order. The report is printed on every run; a failure
 * adds the tracker's own state for the channels that lost pairs, the platform calls about the channels involved,
 * and the workers' warnings.
 *
 * Knobs (environment), see test/support/chaos/options.ts: CHAOS_SEED (in the test names and the report),
 * CHAOS_CHANGES (default 200, the issue's figure), CHAOS_CHANNELS (50 per platform), CHAOS_TIME_SCALE,
 * CHAOS_KILLS, CHAOS_LOAD_MS, CHAOS_TIMEOUT_MS, and to bisect a failure CHAOS_WORKERS, CHAOS_REDIS_RESTARTS,
 * CHAOS_FAULTS=0; CHAOS_LOG_DIR keeps every worker process's JSON log in that folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfferEvent } from '../../src/core/events.js';
import { channelKey } from '../../src/core/subscriptions.js';
import { createKeys } from '../../src/store/keys.js';
import { createTargetStore } from '../../src/store/target-store.js';
import { appendChange, appendSpread, chaosEvent, loggedOrder, subscribeEverything } from '../support/chaos/load.js';
import { chaosOptions, sleep, type ChaosOptions } from '../support/chaos/options.js';
import { FAULTS, startChaosPlatforms, type ChaosPlatforms } from '../support/chaos/platforms.js';
import { channelsToShow, deliveryIdle, diagnoseLost, formatTallies, labeller, nothingScheduled, tallyAll, type PlatformTally } from '../support/chaos/report.js';
import { chaosSchedule, runChaos } from '../support/chaos/schedule.js';
import { WorkerPool } from '../support/chaos/workers.js';
import { openNotifyQueues } from '../support/notify-queues.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

const o: ChaosOptions = chaosOptions();
/** The CLI exits 1 after 30 s of shutdown; a little more than that bounds a SIGTERM. */
const SIGTERM_BOUND_MS = 35_000;

let redis: TestRedis;
let conn: Redis;
let dir: string;

beforeAll(async () => {
  redis = await startTestRedis({ appendonly: true });
  conn = createTestConnection(redis);
  // redis-server restarts on purpose: the connection reconnects and resends, its errors are expected noise.
  conn.on('error', () => {});
  dir = mkdtempSync(join(tmpdir(), 'chaos-'));
  // One disabled source: the workers poll nothing, the change log gets only what the test appends.
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [{ id: 'anssi-catalogue', kind: 'anssi-catalogue', url: 'http://127.0.0.1:9/catalogue.pdf', interval: '6h', enabled: false }] }));
});

afterAll(async () => {
  conn?.disconnect();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One delivery scenario: its own key prefix, emulators, subscriptions, changes and worker processes. */
interface Run {
  name: string;
  /** When the run started (Date.now()): times in the report are relative to it. */
  t0: number;
  prefix: string;
  platforms: ChaosPlatforms;
  pool: WorkerPool;
  events: OfferEvent[];
  numbers: number[];
  lines: string[];
}

async function openRun(name: string, seed: number, channels: number, changes: number): Promise<Run> {
  const t0 = Date.now();
  const prefix = `chaos-${name}-${seed}-${Date.now().toString(36)}`;
  const platforms = await startChaosPlatforms({ seed, timeScale: o.timeScale, channels });
  await subscribeEverything(conn, prefix, platforms.channels);
  const targets = createTargetStore(conn, createKeys(prefix));
  for (const t of platforms.targets) await targets.set(t.channel, t.target);
  const pool = new WorkerPool({
    REDIS_URL: `unix://${redis.socket}`,
    REDIS_PREFIX: prefix,
    SOURCES_FILE: join(dir, 'sources.json'),
    DATA_DIR: join(dir, 'data'),
    ...platforms.env(),
    OPS_SLACK_CHANNEL: '',
    OPS_DISCORD_CHANNEL: '',
    WORKER_STALLED_INTERVAL_MS: '1000',
    // The workers' own token buckets follow the emulators' clock (a no-op for a tracker without them).
    DELIVERY_RATE_SCALE: String(o.timeScale),
    LOG_FORMAT: 'json',
    // Debug adds one "fanned out" record per change and process, and Redis connection errors: what a diagnosis needs.
    LOG_LEVEL: 'debug',
  });
  const numbers = Array.from({ length: changes }, (_, k) => k + 1);
  return { name, t0, prefix, platforms, pool, events: numbers.map((n) => chaosEvent(prefix, n)), numbers, lines: [] };
}

/** The report's order is the change log's: checked to be the order the test appended the changes in. */
async function inLogOrder(run: Run): Promise<void> {
  const order = await loggedOrder(conn, run.prefix);
  expect(order, 'the change log holds every appended change once, in order').toEqual(run.events.map((e) => e.id));
}

const tallies = (run: Run): PlatformTally[] => tallyAll(run.platforms.channels, run.events, run.numbers, (c) => run.platforms.stored(c));
const lostOf = (ts: readonly PlatformTally[]): number => ts.reduce((n, t) => n + t.lost, 0);

/**
 * Waits until every pair is delivered, or nothing is scheduled any more (what is missing then is stuck), or the
 * deadline; then until the delivery side is idle (a late duplicate still counts).
 */
async function awaitDeliveries(run: Run, timeoutMs: number): Promise<{ ms: number; idle: boolean; lastProgress: number; stuck: boolean }> {
  const started = Date.now();
  let missing = lostOf(tallies(run));
  let lastProgress = Date.now();
  let quiet = 0;
  while (missing > 0 && Date.now() - started < timeoutMs && quiet < 3) {
    await sleep(500);
    const now = lostOf(tallies(run));
    if (now < missing) lastProgress = Date.now();
    missing = now;
    quiet = (await nothingScheduled(conn, run.prefix)) ? quiet + 1 : 0;
  }
  const settle = Date.now() + 10_000;
  let idle = false;
  while (!(idle = await deliveryIdle(conn, run.prefix, run.platforms.channels)) && Date.now() < settle) await sleep(250);
  await sleep(500);
  return { ms: Date.now() - started, idle, lastProgress, stuck: quiet >= 3 };
}

/** The report: the table, the faults the emulators served, the chaos, what the tracker's state says about losses. */
async function report(run: Run, ts: PlatformTally[], header: string): Promise<string> {
  const faults = run.platforms.faultCounts();
  const out = [
    `── chaos report: ${header}`,
    formatTallies(ts),
    `emulator answers: ${(['slack', 'discord', 'webhook'] as const).map((p) => `${p} ${faults[p].calls} calls, ${faults[p].r429} × 429, ${faults[p].r500} × 500 (${faults[p].r500Stored} after storing)`).join('; ')}`,
    ...run.lines,
  ];
  for (const t of ts) {
    for (const d of t.outOfOrder.slice(0, 5)) out.push(`out of order: ${d.channel}: ${d.detail}`);
    for (const d of t.duplicatePairs.slice(0, 5)) {
      out.push(`duplicated: ${d.channel} change #${run.numbers[d.index]} in messages ${d.messages.map((m, k) => `${m} (${d.sizes[k]} change${d.sizes[k] === 1 ? '' : 's'})`).join(', ')}`);
    }
    const shapes = new Map<string, number>();
    for (const d of t.duplicatePairs) {
      const shape = d.sizes.map((n) => (n === 1 ? 'single' : 'digest')).join(' then ');
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    }
    if (shapes.size > 0) out.push(`${t.platform} duplicates by shape: ${[...shapes].map(([k, n]) => `${n}× ${k}`).join(', ')}`);
  }
  const slowest = [...run.platforms.channels].sort((a, b) => run.platforms.lastPostAt(b) - run.platforms.lastPostAt(a)).slice(0, 2);
  out.push(`slowest channels: ${slowest.map((c) => `${channelKey(c)} last post at +${((run.platforms.lastPostAt(c) - run.t0) / 1000).toFixed(2)}s`).join(', ')}`);
  if (lostOf(ts) > 0) {
    out.push(...(await diagnoseLost(conn, run.prefix, run.events, run.numbers, ts, run.t0)));
    out.push(...fanoutTrail(run, ts));
  }
  for (const key of channelsToShow(ts, slowest.map(channelKey))) {
    const channel = run.platforms.channels.find((c) => channelKey(c) === key)!;
    const label = labeller(channel, run.events, run.numbers);
    out.push(`calls about ${key}:`, ...run.platforms.timeline(channel, run.t0).map((l) => `  ${label(l)}`));
  }
  const logs = run.pool.summary();
  if (logs.warnings.length > 0) out.push('worker warnings and errors:', ...logs.warnings.slice(0, 15).map((w) => `  ${w.count} × ${w.level} "${w.msg}"  e.g. ${w.example}`));
  if (logs.other.length > 0) out.push('worker non-JSON output:', ...logs.other.slice(0, 10).map((l) => `  ${l.slice(0, 300)}`));
  return out.join('\n');
}

/**
 * For the first lost change of a few channels: which processes fanned it out and when, next to when each worker
 * process started and ended (a change fanned out just before a SIGKILL, or across a Redis restart, is the suspect).
 */
function fanoutTrail(run: Run, ts: readonly PlatformTally[]): string[] {
  const at = (ms: number): string => `+${((ms - run.t0) / 1000).toFixed(2)}s`;
  const records = run.pool.records();
  const firsts = new Set(ts.flatMap((t) => [...t.lostPairs.values()].slice(0, 4).map((indexes) => indexes[0]!)));
  const lines = [...firsts].map((i) => {
    const id = run.events[i]!.id;
    const fanned = records.filter((r) => r.msg === 'fanned out' && r.fields.event === id).map((r) => `${r.proc} at ${at(r.time)}`);
    return `change #${run.numbers[i]} (first lost somewhere) fanned out by: ${fanned.join(', ') || 'nobody logged it'}`;
  });
  const procs = run.pool.processes().map((w) => `${w.name} ${at(w.startedAt)}–${w.exitedAt ? at(w.exitedAt) : 'running'}`);
  return [...lines, `worker processes: ${procs.join(', ')}`];
}

function expectClean(ts: readonly PlatformTally[], why: string): void {
  for (const t of ts) {
    expect({ platform: t.platform, lost: t.lost, duplicated: t.duplicated, outOfOrder: t.outOfOrder.length }, why).toEqual({ platform: t.platform, lost: 0, duplicated: 0, outOfOrder: 0 });
    expect(t.unidentified, `${t.platform}: messages that carry none of the changes`).toBe(0);
  }
}

describe(`chaos, seed ${o.seed} (CHAOS_SEED)`, () => {
  it(
    `${o.changes} changes × ${o.channels} channels per platform, ${o.workers} workers, through ${o.kills} SIGKILLs, ${o.redisRestarts} redis-server restart(s) and ${o.faults ? `${FAULTS.rate429 * 100}% 429s / ${FAULTS.rate500 * 100}% 500s` : 'no faults'}: none lost, none duplicated, in order`,
    async () => {
      const run = await openRun('main', o.seed, o.channels, o.changes);
      const t0 = run.t0;
      try {
        run.platforms.faults(o.faults);
        const slots = Array.from({ length: o.workers }, (_, k) => `w${k}`);
        await Promise.all(slots.map((slot) => run.pool.start(slot)));
        const log = (line: string): void => void run.lines.push(line);
        log(`+${((Date.now() - t0) / 1000).toFixed(2)}s set up: ${o.workers} worker processes, time scale ${o.timeScale}, faults ${o.faults ? 'on' : 'off'}; load over ${o.loadMs} ms from now`);
        const steps = chaosSchedule(o, slots.at(-1)!);
        await Promise.all([
          appendSpread(conn, run.prefix, run.events, o.loadMs),
          runChaos(steps, {
            kill: async (slot) => {
              const w = run.pool.get(slot);
              await run.pool.kill(slot);
              return `${w.name} (pid ${w.pid})`;
            },
            start: async (slot) => (await run.pool.start(slot)).name,
            restartRedis: async () => {
              const before = redis.pid;
              await redis.restart();
              return `redis-server restarted (pid ${before} → ${redis.pid}), AOF kept`;
            },
          }, log, t0),
        ]);
        await inLogOrder(run);
        const tLoad = Date.now();
        const waited = await awaitDeliveries(run, o.deliverTimeoutMs);
        log(`+${((tLoad - t0) / 1000).toFixed(2)}s load and chaos done; last pair delivered at +${((waited.lastProgress - t0) / 1000).toFixed(2)}s; waited ${(waited.ms / 1000).toFixed(1)}s${waited.stuck ? ' (stopped early: pairs missing and nothing scheduled)' : ''}; delivery side idle: ${waited.idle}`);
        const stops = await Promise.all(slots.map(async (slot) => ({ name: run.pool.get(slot).name, ...(await run.pool.terminate(slot, SIGTERM_BOUND_MS)) })));
        log(`SIGTERM: ${stops.map((s) => `${s.name} exit ${s.code} in ${s.ms} ms`).join(', ')}; total ${((Date.now() - t0) / 1000).toFixed(1)}s`);
        const ts = tallies(run);
        console.log(await report(run, ts, `seed ${o.seed}, ${o.changes} changes × ${o.channels} channels per platform`));
        expectClean(ts, `seed ${o.seed}: see the chaos report above`);
        for (const s of stops) expect(s.code, `${s.name} after SIGTERM`).toBe(0);
      } finally {
        await run.pool.killAll();
        await run.platforms.close();
      }
    },
    o.loadMs + o.deliverTimeoutMs + 2 * SIGTERM_BOUND_MS + 60_000,
  );

  it(
    'SIGTERM during deliveries: the worker exits 0, its drains finish or go back to the queue, a fresh worker delivers the rest once, in order',
    async () => {
      const t0 = Date.now();
      const channels = Math.min(o.channels, 10);
      const run = await openRun('term', o.seed + 1, channels, 30);
      const queues = openNotifyQueues(conn, run.prefix);
      try {
        run.platforms.faults(o.faults);
        await run.pool.start('w0');
        for (const e of run.events) await appendChange(conn, run.prefix, e);
        await inLogOrder(run);
        // SIGTERM once drains are running and some pairs are delivered, well before all are.
        const pairs = run.events.length * run.platforms.channels.length;
        let active = 0;
        const deadline = Date.now() + 20_000;
        for (;;) {
          active = (await queues.counts('active')).active ?? 0;
          const delivered = pairs - lostOf(tallies(run));
          if ((active > 0 && delivered >= pairs * 0.1) || Date.now() > deadline) break;
          await sleep(50);
        }
        const before = pairs - lostOf(tallies(run));
        const stop = await run.pool.terminate('w0', SIGTERM_BOUND_MS);
        const after = await queues.counts('active', 'wait', 'delayed', 'prioritized', 'failed');
        run.lines.push(`SIGTERM with ${active} active drains and ${before}/${pairs} pairs delivered: exit ${stop.code} in ${stop.ms} ms; queue after: ${JSON.stringify(after)}`);
        await run.pool.start('w0');
        const restarted = Date.now();
        const waited = await awaitDeliveries(run, 60_000);
        const last = await run.pool.terminate('w0', SIGTERM_BOUND_MS);
        run.lines.push(`a fresh worker delivered the rest in ${((waited.lastProgress - restarted) / 1000).toFixed(1)}s (idle: ${waited.idle}); its SIGTERM: exit ${last.code} in ${last.ms} ms; total ${((Date.now() - t0) / 1000).toFixed(1)}s`);
        const ts = tallies(run);
        console.log(await report(run, ts, `SIGTERM case, seed ${o.seed + 1}, ${run.events.length} changes × ${channels} channels per platform`));
        expect(active, 'drains were active when SIGTERM came').toBeGreaterThan(0);
        expect(before, 'SIGTERM came in the middle of the deliveries').toBeLessThan(pairs);
        expect(stop.code, 'exit code after SIGTERM').toBe(0);
        expect(after.active, 'no drain left active: each finished or went back to the queue').toBe(0);
        expect(after.failed, 'no drain failed for good').toBe(0);
        expectClean(ts, `SIGTERM case, seed ${o.seed + 1}: see the chaos report above`);
        expect(last.code).toBe(0);
      } finally {
        await queues.close();
        await run.pool.killAll();
        await run.platforms.close();
      }
    },
    2 * SIGTERM_BOUND_MS + 120_000,
  );
});

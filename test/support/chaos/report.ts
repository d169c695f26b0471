/**
 * The chaos report: for each platform, the (change, channel) pairs expected, delivered (seen in at least one
 * stored message, a digest's members included), lost, duplicated (seen in two distinct messages), and whether
 * each channel shows its changes in the order of the change log. Read from what the emulators stored, never
 * from the tracker's own records: a platform is the judge of what its users saw.
 */
import type { Redis } from 'ioredis';
import { deliveryId } from '../../../src/core/delivery.js';
import type { OfferEvent } from '../../../src/core/events.js';
import { sha256 } from '../../../src/core/snapshot.js';
import { channelKey, PLATFORMS, type ChannelRef, type Platform } from '../../../src/core/subscriptions.js';
import { discordNonce } from '../../../src/platforms/discord/sender.js';
import { drainJobId } from '../../../src/queues/names.js';
import { createKeys } from '../../../src/store/keys.js';
import { openNotifyQueues, withNotifyQueues } from '../notify-queues.js';
import { SERVICE_PATTERN } from './load.js';
import type { StoredAlert } from './platforms.js';

export interface PlatformTally {
  platform: Platform;
  channels: number;
  pairs: number;
  delivered: number;
  lost: number;
  /** Pairs seen in more than one stored message. */
  duplicated: number;
  /** Messages stored, and those among them that carried several changes (digests). */
  messages: number;
  digests: number;
  /** Messages that carried none of the run's changes (a harness problem, or a stray post). */
  unidentified: number;
  /** Channels whose changes do not appear in change-log order, with the first inversion. */
  outOfOrder: Array<{ channel: string; detail: string }>;
  /** Every lost pair (channel key → indexes in `events`) and duplicated pair (channel key, index, message ids). */
  lostPairs: Map<string, number[]>;
  /** Each with how many changes each of its messages carried (1: a single alert; more: a digest). */
  duplicatePairs: Array<{ channel: string; index: number; messages: string[]; sizes: number[] }>;
}

/**
 * Which changes a stored message carries, in the order a reader sees them: the services it names, by their first
 * appearance in its text, then changes it carries only as data (delivery ids, nonces).
 */
function carried(alert: StoredAlert, byRef: ReadonlyMap<string, number>, byService: ReadonlyMap<number, number>): number[] {
  const found: number[] = [];
  for (const m of alert.text.matchAll(SERVICE_PATTERN)) {
    const i = byService.get(Number(m[1]));
    if (i !== undefined && !found.includes(i)) found.push(i);
  }
  const dataOnly = alert.refs.map((ref) => byRef.get(ref)).filter((i): i is number => i !== undefined && !found.includes(i));
  return [...found, ...[...new Set(dataOnly)].sort((a, b) => a - b)];
}

/**
 * `events` in change-log order; `serviceNumbers[i]` is the number in events[i]'s service name. The messages of a
 * channel are read in the order the platform stored them, and a digest's changes in the order it lists them: the
 * first appearance of each change must follow the change log's order.
 */
export function tally(
  platform: Platform,
  channels: readonly ChannelRef[],
  events: readonly OfferEvent[],
  serviceNumbers: readonly number[],
  stored: (c: ChannelRef) => StoredAlert[],
): PlatformTally {
  const mine = channels.filter((c) => c.platform === platform);
  const byService = new Map(serviceNumbers.map((n, i) => [n, i]));
  const t: PlatformTally = {
    platform, channels: mine.length, pairs: mine.length * events.length, delivered: 0, lost: 0, duplicated: 0,
    messages: 0, digests: 0, unidentified: 0, outOfOrder: [], lostPairs: new Map(), duplicatePairs: [],
  };
  for (const channel of mine) {
    const byRef = new Map<string, number>();
    events.forEach((e, i) => {
      const id = deliveryId(e.id, channel);
      byRef.set(id, i);
      if (platform === 'discord') byRef.set(`nonce:${discordNonce(id)}`, i);
    });
    const seenIn = new Map<number, string[]>();
    const sizes = new Map<string, number>();
    const sequence: number[] = [];
    for (const alert of stored(channel)) {
      const items = carried(alert, byRef, byService);
      sizes.set(alert.id, items.length);
      t.messages++;
      if (items.length === 0) t.unidentified++;
      if (items.length > 1) t.digests++;
      for (const i of items) {
        const list = seenIn.get(i) ?? [];
        if (list.length === 0) sequence.push(i);
        list.push(alert.id);
        seenIn.set(i, list);
      }
    }
    const key = channelKey(channel);
    const lost = events.map((_, i) => i).filter((i) => !seenIn.has(i));
    if (lost.length > 0) t.lostPairs.set(key, lost);
    t.lost += lost.length;
    t.delivered += seenIn.size;
    for (const [i, ids] of seenIn) {
      if (ids.length > 1) {
        t.duplicated++;
        t.duplicatePairs.push({ channel: key, index: i, messages: ids, sizes: ids.map((id) => sizes.get(id) ?? 0) });
      }
    }
    const k = sequence.findIndex((v, j) => j > 0 && v < sequence[j - 1]!);
    const no = (i: number): string => `#${serviceNumbers[i]}`;
    if (k > 0) t.outOfOrder.push({ channel: key, detail: `change ${no(sequence[k]!)} shown after ${no(sequence[k - 1]!)} (sequence ${sequence.slice(Math.max(0, k - 3), k + 3).map(no).join(' ')})` });
  }
  return t;
}

export function tallyAll(channels: readonly ChannelRef[], events: readonly OfferEvent[], serviceNumbers: readonly number[], stored: (c: ChannelRef) => StoredAlert[]): PlatformTally[] {
  return PLATFORMS.map((p) => tally(p, channels, events, serviceNumbers, stored));
}

/** Delivery ids and Discord nonces of a channel → `#index` of the change, to make platform call logs readable. */
export function labeller(channel: ChannelRef, events: readonly OfferEvent[], serviceNumbers: readonly number[]): (line: string) => string {
  const names = new Map<string, string>();
  events.forEach((e, i) => {
    const id = deliveryId(e.id, channel);
    names.set(id, `#${serviceNumbers[i]}`);
    names.set(discordNonce(id), `#${serviceNumbers[i]}`);
  });
  return (line) => line.replace(/\b(dl[0-9a-f]{24}|d[0-9a-f]{24})\b/g, (m) => names.get(m) ?? m);
}

/** The channels worth a look: a few out of order, duplicated and lost, and the slowest, each once. */
export function channelsToShow(tallies: readonly PlatformTally[], slowest: readonly string[] = [], each = 2): string[] {
  const keys = tallies.flatMap((t) => [
    ...t.outOfOrder.slice(0, each).map((d) => d.channel),
    ...t.duplicatePairs.slice(0, each).map((d) => d.channel),
    ...[...t.lostPairs.keys()].slice(0, each),
  ]);
  return [...new Set([...keys, ...slowest])];
}

/** A small fixed-width table. */
export function table(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  return rows.map((r) => r.map((v, c) => (typeof v === 'number' ? String(v).padStart(widths[c]!) : String(v).padEnd(widths[c]!))).join('  ')).join('\n');
}

export function formatTallies(tallies: readonly PlatformTally[]): string {
  return table([
    ['platform', 'channels', 'pairs', 'delivered', 'lost', 'duplicated', 'out of order', 'messages', 'digests', 'unidentified'],
    ...tallies.map((t) => [t.platform, t.channels, t.pairs, t.delivered, t.lost, t.duplicated, t.outOfOrder.length, t.messages, t.digests, t.unidentified]),
  ]);
}

/**
 * What the tracker's own state says about the channels that lost pairs: the outbox (items left, drain scheduled,
 * generation), the drain job of that generation (state, attempts, reason), and the lost deliveries' records.
 */
export async function diagnoseLost(redis: Redis, prefix: string, events: readonly OfferEvent[], serviceNumbers: readonly number[], tallies: readonly PlatformTally[], t0: number, limit = 12): Promise<string[]> {
  const keys = createKeys(prefix);
  const set = openNotifyQueues(redis, prefix);
  const lines: string[] = [];
  try {
    const lost = tallies.flatMap((t) => [...t.lostPairs.entries()]);
    for (const [key, indexes] of lost.slice(0, limit)) {
      const [platform, workspace, channel] = key.split('/') as [Platform, string, string];
      const ref: ChannelRef = { platform, workspace, channel };
      const state = await redis.hgetall(keys.outboxState(key));
      const queued = await redis.xlen(keys.outbox(key));
      const lease = await redis.get(keys.outboxLease(key));
      const generation = Number(state.generation ?? 0);
      const jobId = drainJobId(sha256(key).slice(0, 16), generation);
      const job = generation > 0 ? await set.queues[platform].getJob(jobId) : undefined;
      const jobState = job ? await job.getState() : 'absent';
      const head = ((await redis.xrange(keys.outbox(key), '-', '+', 'COUNT', 1)) as [string, string[]][])[0];
      const since = head ? ` (oldest queued at +${((Number(head[0].split('-')[0]) - t0) / 1000).toFixed(2)}s)` : '';
      const statuses = new Map<string, number>();
      for (const i of indexes) {
        const d = await redis.hgetall(keys.delivery(deliveryId(events[i]!.id, ref)));
        const s = `${d.status ?? 'none'}${d.attempt ? `(attempt ${d.attempt})` : ''}${d.error ? ` ${d.error}` : ''}`;
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
      lines.push(
        `${key}: lost ${indexes.length} (changes ${indexes.slice(0, 6).map((i) => `#${serviceNumbers[i]}`).join(' ')}${indexes.length > 6 ? ' …' : ''}); outbox: ${queued} queued${since}, scheduled=${state.scheduled ?? '-'}, generation ${generation}, lease ${lease ?? 'free'} (last fence ${state.fence ?? '-'}); ` +
          `drain job ${jobId}: ${jobState}${job ? ` attemptsMade=${job.attemptsMade} stalled=${job.stalledCounter}${job.failedReason ? ` failedReason="${job.failedReason}"` : ''}` : ''}; ` +
          `records: ${[...statuses].map(([s, n]) => `${n}× ${s}`).join('; ')}`,
      );
    }
    if (lost.length > limit) lines.push(`… and ${lost.length - limit} more channels with lost pairs`);
    for (const [platform, queue] of Object.entries(set.queues)) {
      const counts = await queue.getJobCounts('active', 'wait', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children');
      lines.push(`${queue.name} queue: ${JSON.stringify(counts)}`);
      for (const job of await queue.getFailed(0, 5)) lines.push(`failed ${platform} job ${job.id}: attemptsMade=${job.attemptsMade} reason="${job.failedReason}"`);
    }
  } finally {
    await set.close();
  }
  return lines;
}

/**
 * Whether nothing will move any more: the fan-out has read and acknowledged the whole change log, and no drain job
 * is waiting, active (a killed worker's job stays active until taken over) or delayed. Missing pairs are then stuck.
 */
export async function nothingScheduled(redis: Redis, prefix: string): Promise<boolean> {
  const stream = createKeys(prefix).changes();
  const last = ((await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][])[0]?.[0];
  const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  const fanout = groups.map((g) => Object.fromEntries(Array.from({ length: g.length / 2 }, (_, k) => [String(g[2 * k]), g[2 * k + 1]]))).find((g) => g.name === 'fanout');
  if (!fanout || Number(fanout.pending) > 0 || fanout['last-delivered-id'] !== last) return false;
  const counts = await withNotifyQueues(redis, prefix, (set) => set.counts('active', 'wait', 'delayed', 'prioritized', 'waiting-children'));
  return Object.values(counts).every((n) => n === 0);
}

/** Whether the delivery side is idle: no drain job waiting, active or delayed, and every outbox empty. */
export async function deliveryIdle(redis: Redis, prefix: string, channels: readonly ChannelRef[]): Promise<boolean> {
  const keys = createKeys(prefix);
  const counts = await withNotifyQueues(redis, prefix, (set) => set.counts('active', 'wait', 'delayed', 'prioritized'));
  if (Object.values(counts).some((n) => n > 0)) return false;
  for (const c of channels) if ((await redis.xlen(keys.outbox(channelKey(c)))) > 0) return false;
  return true;
}

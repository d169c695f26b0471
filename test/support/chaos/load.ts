/**
 * The load of a chaos run: subscriptions to everything in every channel, and change events appended to the
 * change log as the source store appends them (XADD id, kind, source, event), spread over a few seconds.
 */
import type { Redis } from 'ioredis';
import type { OfferEvent } from '../../../src/core/events.js';
import { sha256 } from '../../../src/core/snapshot.js';
import { subscriptionId, TOPICS, type ChannelRef } from '../../../src/core/subscriptions.js';
import { createKeys } from '../../../src/store/keys.js';
import { createSubscriptionStore } from '../../../src/store/subscription-store.js';
import { sleep } from './options.js';

/** The service name of the n-th change: unique, so that any message naming it, digest or not, is traced to it. */
export const serviceName = (n: number): string => `Chaos service ${String(n).padStart(4, '0')}`;
/** Finds the changes a message names (its number, as in serviceName). */
export const SERVICE_PATTERN = /Chaos service (\d{4})\b/g;

/** A realistic `offer.added`: a new qualified offer, with a distinct id, decision and service per change. */
export function chaosEvent(runId: string, n: number): OfferEvent {
  const decision = String(7000 + n);
  return {
    id: sha256(`chaos/${runId}/${n}`).slice(0, 32),
    kind: 'offer.added',
    source: 'anssi-catalogue',
    detectedAt: new Date(Date.UTC(2026, 10, 28, 9, 0, n % 60)).toISOString(),
    offer: {
      provider: `Chaos Cloud ${['Alpha', 'Bravo', 'Charlie', 'Delta'][n % 4]}`,
      service: serviceName(n),
      types: n % 3 === 0 ? ['PaaS', 'IaaS'] : ['SaaS'],
      qualifiedFrom: '2026-11-01',
      qualifiedUntil: '2029-11-01',
      decision,
      decisionUrl: `https://messervices.cyber.gouv.fr/visas/2026_${decision}_np.pdf`,
      status: 'qualified',
    },
  };
}

/** Subscribes every channel to every topic, without filters, under the workers' prefix. */
export async function subscribeEverything(redis: Redis, prefix: string, channels: readonly ChannelRef[]): Promise<void> {
  const subs = createSubscriptionStore(redis, createKeys(prefix));
  for (const channel of channels) {
    const topics = [...TOPICS];
    const { created } = await subs.add({ id: subscriptionId(channel, topics, [], []), channel, topics, providers: [], keywords: [], createdAt: new Date().toISOString(), createdBy: 'chaos' });
    if (!created) throw new Error(`subscription of ${channel.channel} already existed`);
  }
}

/** Appends one event as the source store's script does. */
export async function appendChange(redis: Redis, prefix: string, e: OfferEvent): Promise<void> {
  await redis.xadd(createKeys(prefix).changes(), '*', 'id', e.id, 'kind', e.kind, 'source', e.source, 'event', JSON.stringify(e));
}

/** Appends the events in order, the n-th at about n × spreadMs / count after the start (each after the previous). */
export async function appendSpread(redis: Redis, prefix: string, events: readonly OfferEvent[], spreadMs: number): Promise<void> {
  const start = Date.now();
  for (const [n, e] of events.entries()) {
    const due = start + (n * spreadMs) / events.length;
    if (due > Date.now()) await sleep(due - Date.now());
    await appendChange(redis, prefix, e);
  }
}

/** The event ids in the change log, in its order, each once (a command resent across a Redis restart may repeat one). */
export async function loggedOrder(redis: Redis, prefix: string): Promise<string[]> {
  const raw = (await redis.xrange(createKeys(prefix).changes(), '-', '+')) as [string, string[]][];
  const ids = raw.map(([, fields]) => fields[fields.indexOf('id') + 1] ?? '');
  return [...new Set(ids)];
}

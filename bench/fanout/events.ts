/** Subscriptions and change events, written to Redis the way the tracker's own stores write them. */
import type { Redis } from 'ioredis';
import type { OfferEvent } from '../../src/core/events.js';
import { sha256 } from '../../src/core/snapshot.js';
import { subscriptionId, TOPICS, type ChannelRef } from '../../src/core/subscriptions.js';
import type { Keys } from '../../src/store/keys.js';
import { createSubscriptionStore } from '../../src/store/subscription-store.js';

/** Subscribes every channel to everything (all topics, no filter), as `/secnumcloud subscribe all` does. */
export async function subscribeAll(redis: Redis, keys: Keys, channels: readonly ChannelRef[]): Promise<void> {
  const store = createSubscriptionStore(redis, keys);
  const createdAt = new Date().toISOString();
  for (let i = 0; i < channels.length; i += 500) {
    await Promise.all(channels.slice(i, i + 500).map((channel) =>
      store.add({ id: subscriptionId(channel, TOPICS, [], []), channel, topics: [...TOPICS], providers: [], keywords: [], createdAt, createdBy: 'bench' })));
  }
}

/** A new qualified offer, distinct per run and index (its id is a hash of both, as real ids are hashes). */
export function offerAdded(run: string, i: number): OfferEvent {
  return {
    id: sha256(`bench-fanout|${run}|${i}`).slice(0, 32),
    kind: 'offer.added',
    source: 'anssi-catalogue',
    detectedAt: new Date().toISOString(),
    offer: {
      provider: `Fournisseur ${i}`,
      service: `Cloud souverain ${run}-${i}`,
      types: ['PaaS', 'IaaS'],
      qualifiedFrom: '2026-11-20',
      qualifiedUntil: '2029-11-20',
      decision: String(2000 + i),
      decisionUrl: `https://messervices.cyber.gouv.fr/visas/2026_${2000 + i}_np.pdf`,
      status: 'qualified',
    },
  };
}

/**
 * Appends an event to the change log with the fields the source store's scripts write (id, kind, source,
 * event). Returns the stream id and its time: the instant Redis stored the event, in epoch ms.
 */
export async function appendEvent(redis: Redis, keys: Keys, e: OfferEvent): Promise<{ streamId: string; storedAt: number }> {
  const streamId = String(await redis.xadd(keys.changes(), '*', 'id', e.id, 'kind', e.kind, 'source', e.source, 'event', JSON.stringify(e)));
  return { streamId, storedAt: Number(streamId.split('-')[0]) };
}

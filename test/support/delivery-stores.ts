import type { Redis } from 'ioredis';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { createOutboxStore, type OutboxStore } from '../../src/store/outbox-store.js';
import { createSubscriptionStore, type RedisSubscriptionStore } from '../../src/store/subscription-store.js';
import { createTargetStore, type TargetStore } from '../../src/store/target-store.js';
import type { FanoutDeps } from '../../workers/fanout.worker.js';
import { openNotifyQueues, type NotifyQueueSet } from './notify-queues.js';
import { silentLogger } from './poll-harness.js';

export interface DeliveryStores {
  keys: Keys;
  subs: RedisSubscriptionStore;
  outbox: OutboxStore;
  targets: TargetStore;
  /** Every platform's drain queue (the test closes them). */
  queues: NotifyQueueSet;
  /** The fan-out's dependencies on these stores, silent, on the real clock. */
  deps: FanoutDeps;
}

/** The stores a delivery goes through, under a fresh key prefix (`tag` + random) of one test Redis. */
export function deliveryStores(conn: Redis, tag: string): DeliveryStores {
  const keys = createKeys(`${tag}${Math.random().toString(36).slice(2, 8)}`);
  const subs = createSubscriptionStore(conn, keys);
  const outbox = createOutboxStore(conn, keys);
  const queues = openNotifyQueues(conn, keys.prefix);
  const deps: FanoutDeps = { subscriptions: subs, outbox, notifyQueues: queues.queues, toConsole: () => {}, logger: silentLogger, clock: () => new Date() };
  return { keys, subs, outbox, targets: createTargetStore(conn, keys), queues, deps };
}

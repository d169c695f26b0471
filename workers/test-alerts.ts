/**
 * Test alerts (`/secnumcloud test`) through the real delivery path: queued in the channel's outbox with a drain job
 * like any change, so the drain's order, rate limits, in-doubt handling and lease apply to them as to any alert.
 */
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AlertOutcome, TestAlerts } from '../src/commands/ports.js';
import { deliveryId, testNoticeId } from '../src/core/delivery.js';
import { channelKey } from '../src/core/subscriptions.js';
import type { Keys } from '../src/store/keys.js';
import { deliverTo, type OutboxDeps } from './fanout.worker.js';

/** At most one test alert per channel in this window. */
export const TEST_ALERT_GATE_MS = 60_000;

export interface TestAlertsDeps extends OutboxDeps {
  redis: Redis;
  keys: Keys;
  /** How often `outcome` reads the delivery record while it waits (500 ms by default). */
  pollMs?: number;
}

export function createTestAlerts(deps: TestAlertsDeps): TestAlerts {
  const { redis, keys, outbox } = deps;
  return {
    async queue(channel, notice) {
      const gate = keys.testAlertGate(channelKey(channel));
      if ((await redis.set(gate, '1', 'PX', TEST_ALERT_GATE_MS, 'NX')) !== 'OK') return { retryInMs: Math.max(1, await redis.pttl(gate)) };
      // A nonce per call: each test is a notice of its own, never the change's delivery (nor deduplicated against it).
      const id = testNoticeId(notice, randomUUID());
      const delivery = deliveryId(id, channel);
      try {
        await deliverTo(deps, channel, [{ deliveryId: delivery, notice, noticeId: id }]);
      } catch (err) {
        await redis.del(gate).catch(() => {}); // nothing was queued: the minute is not used up
        throw err;
      }
      return { deliveryId: delivery };
    },
    async outcome(channel, id, timeoutMs): Promise<AlertOutcome> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const record = await outbox.getDelivery(id);
        if (record?.status === 'sent') return { status: 'sent' };
        if (record?.status === 'failed') return { status: 'failed', reason: record.error ?? '' };
        if (Date.now() >= deadline) {
          const ahead = (await outbox.peek(channel, 1_000)).findIndex((q) => q.item.deliveryId === id);
          return { status: 'pending', queued: Math.max(0, ahead) };
        }
        await sleep(deps.pollMs ?? 500);
      }
    },
  };
}

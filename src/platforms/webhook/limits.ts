import type { Bucket } from '../../core/delivery.js';
import type { ChannelRef } from '../../core/subscriptions.js';

/** A webhook: at most 5 deliveries a second per target (a receiver is often a small service). `scale`: DELIVERY_RATE_SCALE. */
export const webhookBuckets = (channel: ChannelRef, scale = 1): Bucket[] => [{ key: `webhook:${channel.channel}`, ratePerSec: 5 * scale, burst: 5 }];

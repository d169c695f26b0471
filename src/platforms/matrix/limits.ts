import type { Bucket } from '../../core/delivery.js';
import type { ChannelRef } from '../../core/subscriptions.js';

/**
 * Matrix homeservers limit messages per account (Synapse's `rc_message`: 0.2/s with a burst of 10 by default; a bot
 * account is often exempted) and answer 429 with `retry_after_ms` beyond. The account's bucket is shared by every
 * room (1/s, burst 10); each room takes at most one a second. `scale`: DELIVERY_RATE_SCALE.
 */
export const matrixBuckets = (channel: ChannelRef, scale = 1): Bucket[] => [
  { key: 'matrix:account', ratePerSec: 1 * scale, burst: 10, shared: true },
  { key: `matrix:${channel.channel}`, ratePerSec: 1 * scale, burst: 3 },
];

import type { Bucket } from '../../core/delivery.js';
import type { ChannelRef } from '../../core/subscriptions.js';

/**
 * SMTP servers limit too (a relay's messages per minute, a provider's per account): every target shares a modest
 * 2 messages a second with a burst of 10, and each target takes at most one a second (a digest is one message
 * anyway). A server's own 421/451 "slow down" is a transient error, retried with backoff. `scale`: DELIVERY_RATE_SCALE.
 */
export const emailBuckets = (channel: ChannelRef, scale = 1): Bucket[] => [
  { key: 'email:smtp', ratePerSec: 2 * scale, burst: 10, shared: true },
  { key: `email:${channel.channel}`, ratePerSec: 1 * scale, burst: 3 },
];

import type { Bucket } from '../../core/delivery.js';
import type { ChannelRef } from '../../core/subscriptions.js';

/**
 * Discord's published limits: 50 requests a second in all, and 5 messages per 5 s per channel. Discord counts the
 * global limit per second window: 48/s with a burst of 2 never puts more than 50 in any window, since a single 429
 * there pauses every channel. `scale`: DELIVERY_RATE_SCALE.
 */
export const discordBuckets = (channel: ChannelRef, scale = 1): Bucket[] => [
  { key: 'discord:global', ratePerSec: 48 * scale, burst: 2, shared: true },
  { key: `discord:${channel.channel}`, ratePerSec: 1 * scale, burst: 5 },
];

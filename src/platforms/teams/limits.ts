import type { Bucket } from '../../core/delivery.js';
import type { ChannelRef } from '../../core/subscriptions.js';

/**
 * A Teams target (an incoming webhook or a Workflows URL, one channel each): at most one message a second, bursts of
 * four. Microsoft documents no fixed figure for either (it answers 429 beyond what it takes, and the sender waits
 * as told); a channel flooded faster than people read is no use anyway. `scale`: DELIVERY_RATE_SCALE.
 */
export const teamsBuckets = (channel: ChannelRef, scale = 1): Bucket[] => [{ key: `teams:${channel.channel}`, ratePerSec: 1 * scale, burst: 4 }];

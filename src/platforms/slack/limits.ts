import type { Bucket } from '../../core/delivery.js';
import type { ChannelRef } from '../../core/subscriptions.js';

/** Slack: about one message per second per channel (short bursts tolerated). `scale`: DELIVERY_RATE_SCALE. */
export const slackBuckets = (channel: ChannelRef, scale = 1): Bucket[] => [{ key: `slack:${channel.workspace}:${channel.channel}`, ratePerSec: 1 * scale, burst: 2 }];

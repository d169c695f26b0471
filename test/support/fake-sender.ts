import { DeliveryError, type SendItem, type Sender } from '../../src/core/delivery.js';
import { channelKey, type ChannelRef, type Platform } from '../../src/core/subscriptions.js';

/** A sender that records what it was asked to post, per channel, and fails as scripted. */
export interface RecordingSender extends Sender {
  posted: Map<string, Array<{ item: SendItem; lang: string; attempt: number; at: number }>>;
  /** Every call, failed ones included: the delivery (or digest) id, the attempt, and when (Date.now()). */
  calls: Array<{ channel: string; deliveryId: string; attempt: number; at: number }>;
  /** The next calls for a channel throw these errors, one per call. */
  failNext(channel: ChannelRef, ...errors: DeliveryError[]): void;
  /** The first attempt of every item sent to the channel throws this error (the second goes through). */
  failEachFirstAttempt(channel: ChannelRef, error: DeliveryError): void;
}

export function recordingSender(platform: Platform = 'slack'): RecordingSender {
  const posted = new Map<string, Array<{ item: SendItem; lang: string; attempt: number; at: number }>>();
  const scripted = new Map<string, DeliveryError[]>();
  const firstAttempts = new Map<string, DeliveryError>();
  let n = 0;
  const calls: Array<{ channel: string; deliveryId: string; attempt: number; at: number }> = [];
  return {
    calls,
    platform,
    posted,
    buckets: () => [],
    failNext(channel, ...errors) {
      scripted.set(channelKey(channel), [...(scripted.get(channelKey(channel)) ?? []), ...errors]);
    },
    failEachFirstAttempt(channel, error) {
      firstAttempts.set(channelKey(channel), error);
    },
    async send(channel, item, lang, attempt) {
      const key = channelKey(channel);
      calls.push({ channel: key, deliveryId: item.deliveryId, attempt, at: Date.now() });
      const err = scripted.get(key)?.shift() ?? (attempt === 1 ? firstAttempts.get(key) : undefined);
      if (err) throw err;
      posted.set(key, [...(posted.get(key) ?? []), { item, lang, attempt, at: Date.now() }]);
      return `m${++n}`;
    },
  };
}

import { request, type Dispatcher } from 'undici';
import { DeliveryError, type Sender } from '../../core/delivery.js';
import { isWebhookTarget } from '../../core/targets.js';
import { classifyError, classifyStatus } from '../target-answers.js';
import type { TargetStore } from '../../store/target-store.js';
import { USER_AGENT } from '../../version.js';
import { webhookBuckets } from './limits.js';
import { toWebhookPayload } from './payload.js';
import { HEADERS, sign } from './signature.js';

export interface WebhookSenderOptions {
  targets: TargetStore;
  /** The dispatcher that checks every connection's address (webhookDispatcher). */
  dispatcher: Dispatcher;
  timeoutMs: number;
  rateScale?: number;
  clock?: () => Date;
}

/**
 * Posts each delivery as JSON (payload.ts), signed with HMAC-SHA256 over the timestamp and the body, with the
 * delivery id as idempotency key. At least once: an attempt in doubt is simply sent again with the same key and
 * body, the receiver deduplicates on the key. The target's URL and secret are read from the target store at each
 * send, never carried by the job.
 */
export function createWebhookSender(opts: WebhookSenderOptions): Sender {
  const scale = opts.rateScale ?? 1;
  const clock = opts.clock ?? (() => new Date());
  return {
    platform: 'webhook',
    buckets: (channel) => webhookBuckets(channel, scale),
    async send(channel, item, lang) {
      const target = await opts.targets.get(channel);
      if (!isWebhookTarget(target)) throw new DeliveryError('webhook: no target stored for this channel', 'permanent', { channelGone: true, code: 'no_target' });
      if (!target.secret) throw new DeliveryError('webhook: the target has no signing secret (add it again with --secret)', 'permanent', { code: 'no_secret' });
      const body = JSON.stringify(toWebhookPayload(channel.channel, item, lang));
      const now = clock().getTime();
      const timestamp = Math.floor(now / 1000);
      let res: Dispatcher.ResponseData;
      try {
        res = await request(target.url, {
          method: 'POST',
          dispatcher: opts.dispatcher,
          headers: {
            'content-type': 'application/json',
            'user-agent': USER_AGENT,
            [HEADERS.delivery]: item.deliveryId,
            [HEADERS.idempotencyKey]: item.deliveryId,
            [HEADERS.timestamp]: String(timestamp),
            [HEADERS.signature]: sign(target.secret, timestamp, body),
          },
          body,
          headersTimeout: opts.timeoutMs,
          bodyTimeout: opts.timeoutMs,
        });
        await res.body.dump({ limit: 64 * 1024 });
      } catch (err) {
        throw classifyError(err);
      }
      const refused = classifyStatus(res.statusCode, res.headers['retry-after'], now);
      if (refused) throw refused;
      return `http-${res.statusCode}`;
    },
  };
}

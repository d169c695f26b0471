import { request, type Dispatcher } from 'undici';
import { DeliveryError, type Sender } from '../../core/delivery.js';
import { isWebhookTarget } from '../../core/targets.js';
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
 * Retry-After in seconds or as an HTTP date → milliseconds: 1 s when absent or unreadable, at least 250 ms (a
 * receiver answering 0 again and again must not spin a drain), at most an hour.
 */
function retryAfterMs(value: string | string[] | undefined, now: number): number {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return 1_000;
  const secs = Number(v);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(v) - now;
  if (Number.isNaN(ms)) return 1_000;
  return Math.min(3_600_000, Math.max(250, Math.ceil(ms)));
}

/** An answer → the drain's decision. Messages name the status or the error code, never the target's URL. */
export function classifyStatus(status: number, retryAfter: string | string[] | undefined, now: number): DeliveryError | undefined {
  if (status >= 200 && status < 300) return undefined;
  const code = `http_${status}`;
  if (status === 429) return new DeliveryError('webhook: HTTP 429', 'rate-limited', { retryAfterMs: retryAfterMs(retryAfter, now), code });
  if (status >= 300 && status < 400) return new DeliveryError(`webhook: HTTP ${status}, a redirect (not followed)`, 'permanent', { code });
  if (status === 410) return new DeliveryError('webhook: HTTP 410, the target is gone', 'permanent', { channelGone: true, code });
  if (status === 408 || status === 425 || status >= 500) return new DeliveryError(`webhook: HTTP ${status}`, 'transient', { code });
  return new DeliveryError(`webhook: HTTP ${status}`, 'permanent', { code });
}

/** A network error → the drain's decision: a refused address is permanent; the rest (resets, timeouts) in doubt. */
export function classifyError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as Error & { code?: string };
  const code = typeof e.code === 'string' ? e.code : e.name;
  if (code === 'ADDRESS_REFUSED') return new DeliveryError('webhook: the address is not public (WEBHOOK_ALLOW_PRIVATE is off)', 'permanent', { code: 'address_refused' });
  if (code === 'ENOTFOUND') return new DeliveryError('webhook: the name does not resolve', 'transient', { code });
  // undici's messages may name the host and port; the code alone is kept, so that no part of the URL reaches a log.
  return new DeliveryError(`webhook: ${code}`, 'transient', { code });
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

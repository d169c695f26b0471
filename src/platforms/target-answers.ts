import { DeliveryError } from '../core/delivery.js';

/*
 * How the platforms that POST to a URL a user gave (webhooks, Teams) read the answer or the network error: shared by
 * those platforms, so not in their folders. `platform` names the platform in the messages (logs, failed deliveries).
 */

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
export function classifyStatus(status: number, retryAfter: string | string[] | undefined, now: number, platform = 'webhook'): DeliveryError | undefined {
  if (status >= 200 && status < 300) return undefined;
  const code = `http_${status}`;
  if (status === 429) return new DeliveryError(`${platform}: HTTP 429`, 'rate-limited', { retryAfterMs: retryAfterMs(retryAfter, now), code });
  if (status >= 300 && status < 400) return new DeliveryError(`${platform}: HTTP ${status}, a redirect (not followed)`, 'permanent', { code });
  if (status === 410) return new DeliveryError(`${platform}: HTTP 410, the target is gone`, 'permanent', { channelGone: true, code });
  if (status === 408 || status === 425 || status >= 500) return new DeliveryError(`${platform}: HTTP ${status}`, 'transient', { code });
  return new DeliveryError(`${platform}: HTTP ${status}`, 'permanent', { code });
}

/** A network error → the drain's decision: a refused address is permanent; the rest (resets, timeouts) in doubt. */
export function classifyError(err: unknown, platform = 'webhook'): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as Error & { code?: string };
  const code = typeof e.code === 'string' ? e.code : e.name;
  if (code === 'ADDRESS_REFUSED') return new DeliveryError(`${platform}: the address is not public (WEBHOOK_ALLOW_PRIVATE is off)`, 'permanent', { code: 'address_refused' });
  if (code === 'ENOTFOUND') return new DeliveryError(`${platform}: the name does not resolve`, 'transient', { code });
  // undici's messages may name the host and port; the code alone is kept, so that no part of the URL reaches a log.
  return new DeliveryError(`${platform}: ${code}`, 'transient', { code });
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers of a webhook delivery (docs/webhooks.md). */
export const HEADERS = {
  delivery: 'x-secnumcloud-delivery',
  idempotencyKey: 'idempotency-key',
  timestamp: 'x-secnumcloud-timestamp',
  signature: 'x-secnumcloud-signature',
} as const;

/** `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>` under the target's secret (the scheme Stripe and Slack use). */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (the example in docs/webhooks.md, tested): the signature matches, in constant time, and the
 * timestamp is within `toleranceSec` of now (a replayed old request is refused).
 */
export function verify(secret: string, header: { timestamp: string | undefined; signature: string | undefined }, body: string, nowSec: number, toleranceSec = 300): boolean {
  const ts = Number(header.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSec - ts) > toleranceSec || !header.signature) return false;
  const want = Buffer.from(sign(secret, ts, body));
  const got = Buffer.from(header.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

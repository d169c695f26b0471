/** Discord's rate limits on the emulated clock: per-route buckets per major parameter, and a global limit. */
import { createHash } from 'node:crypto';
import type { Answer } from './faults.js';
import type { Clock } from './time.js';

/** A fixed window: `limit` requests per `windowMs` emulated milliseconds. */
export interface BucketSpec { limit: number; windowMs: number }

/**
 * Buckets per route key, counted per major parameter (channel, guild, webhook token, interaction). Sending a
 * message, 5 per 5 s per channel, is the figure Discord is known to answer; the others are approximations.
 */
export const BUCKETS: Readonly<Record<string, BucketSpec>> = {
  'POST /channels/:id/messages': { limit: 5, windowMs: 5000 },
  'POST /webhooks/:app/:token': { limit: 5, windowMs: 2000 },
  'PATCH /webhooks/:app/:token/messages/@original': { limit: 5, windowMs: 2000 },
  'PUT /applications/:app/commands': { limit: 2, windowMs: 10_000 },
  'PUT /applications/:app/guilds/:guild/commands': { limit: 2, windowMs: 10_000 },
};
const DEFAULT_BUCKET: BucketSpec = { limit: 5, windowMs: 1000 };

/** What a 429 carries. `retryAfter` is in real seconds. */
export interface Limited { retryAfter: number; global: boolean; scope: 'user' | 'shared' | 'global' }

interface Window { count: number; resetAt: number }

/** The opaque bucket hash Discord sends in `X-RateLimit-Bucket`: one per route, shared across major parameters. */
export function bucketHash(route: string): string {
  return createHash('md5').update(route).digest('hex');
}

/** Counts requests in fixed windows on the emulated clock and writes Discord's headers. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: Clock, private readonly enabled: boolean, private readonly globalPerSecond: number) {}

  private window(key: string, windowMs: number): Window {
    const now = this.clock.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Seconds for a header: whole seconds at timeScale 1, as Discord sends them; else to the millisecond. */
  private retryHeader(seconds: number): string {
    return this.clock.timeScale === 1 ? String(Math.max(1, Math.ceil(seconds))) : seconds.toFixed(3);
  }

  /** `X-RateLimit-*` headers of a route's bucket for this major parameter, as they stand now. */
  bucketHeaders(route: string, major: string): Record<string, string> {
    const spec = BUCKETS[route] ?? DEFAULT_BUCKET;
    const w = this.window(`${route}|${major}`, spec.windowMs);
    const after = this.clock.realSeconds(w.resetAt - this.clock.now());
    return {
      'x-ratelimit-limit': String(spec.limit),
      'x-ratelimit-remaining': String(Math.max(0, spec.limit - w.count)),
      'x-ratelimit-reset': ((Date.now() + after * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': after.toFixed(3),
      'x-ratelimit-bucket': bucketHash(route),
    };
  }

  /**
   * Counts one request: first against the global limit (`globalKey` is the bot token; interaction routes pass
   * none, as Discord exempts them), then against the route's bucket. Returns the bucket's headers, and what to
   * answer when over a limit.
   */
  take(route: string, major: string, globalKey: string | undefined): { headers: Record<string, string>; limited?: Limited } {
    if (globalKey !== undefined && this.enabled) {
      const g = this.window(`global|${globalKey}`, 1000);
      if (g.count >= this.globalPerSecond) {
        return { headers: {}, limited: { retryAfter: this.clock.realSeconds(g.resetAt - this.clock.now()), global: true, scope: 'global' } };
      }
      g.count += 1;
    }
    const spec = BUCKETS[route] ?? DEFAULT_BUCKET;
    const w = this.window(`${route}|${major}`, spec.windowMs);
    if (this.enabled && w.count >= spec.limit) {
      const retryAfter = this.clock.realSeconds(w.resetAt - this.clock.now());
      return { headers: this.bucketHeaders(route, major), limited: { retryAfter, global: false, scope: 'user' } };
    }
    w.count += 1;
    return { headers: this.bucketHeaders(route, major) };
  }

  /**
   * The 429 answer: `{ message, retry_after, global }` with `Retry-After`, `X-RateLimit-Scope`, and
   * `X-RateLimit-Global` when global (a global 429 carries no bucket headers). `exact` keeps a scripted value as given.
   */
  answer(l: Limited, bucket: Record<string, string>, exact = false): Answer {
    const headers: Record<string, string> = {
      ...(l.global ? {} : {
        ...bucket, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': l.retryAfter.toFixed(3),
        'x-ratelimit-reset': (Date.now() / 1000 + l.retryAfter).toFixed(3),
      }),
      'retry-after': exact ? String(l.retryAfter) : this.retryHeader(l.retryAfter),
      'x-ratelimit-scope': l.scope,
      ...(l.global ? { 'x-ratelimit-global': 'true' } : {}),
    };
    return { status: 429, body: { message: 'You are being rate limited.', retry_after: l.retryAfter, global: l.global }, headers };
  }
}

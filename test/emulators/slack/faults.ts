/** Scripted and seeded faults, and Slack's rate limits on an emulated clock. */

/**
 * One scripted answer, consumed by one call of its method. Fields combine:
 * - `error: 'ratelimited'` (or `http: 429`): HTTP 429 with `Retry-After: retryAfter` (default 1) and
 *   `{ ok: false, error: 'ratelimited' }`, as Slack answers;
 * - `error: 'channel_not_found'` etc.: HTTP 200 `{ ok: false, error }`;
 * - `http: 500` (any status): that status with a text body;
 * - `afterStore: true`: the call is carried out first (a message IS stored), then the fault is answered: an in-doubt send;
 * - `drop: true`: the connection is destroyed without an answer (the client sees a request error);
 * - `delayMs`: wait before answering (after storing when `afterStore`); alone, the call then succeeds normally.
 */
export interface Behaviour {
  error?: string;
  retryAfter?: number;
  http?: number;
  afterStore?: boolean;
  drop?: boolean;
  delayMs?: number;
}

/** Random faults drawn from the seeded PRNG, one draw per call of the listed methods. */
export interface RandomFaults {
  /** Probability of a 429 with `Retry-After: retryAfter` (default 1). */
  rate429?: number;
  /** Probability of a 500. */
  rate500?: number;
  /** Among the 500s, the probability that the call was carried out (message stored) before the 500. */
  storeBefore500?: number;
  retryAfter?: number;
  /** Methods affected; default every Web API method except `auth.test`. */
  methods?: string[];
}

/** Slack's published limits. chat.postMessage: about 1 per second per channel with a short burst allowance. */
export interface RateLimitOptions {
  /** Sustained chat.postMessage rate per channel, per emulated second. Default 1. */
  postPerChannelPerSecond?: number;
  /** Burst allowance per channel (bucket size). Default 3. */
  postBurst?: number;
  /** Per-method tier limits (Tier 3: 50/min, Tier 4: 100/min), per workspace. Default true. */
  tiers?: boolean;
}

export { prng } from '../shared.js';
import { prng } from '../shared.js';

/** Per-minute tier allowances of the methods emulated (https://docs.slack.dev/apis/web-api/rate-limits). */
const TIER_PER_MINUTE: Record<string, number> = {
  'auth.test': 100, 'chat.update': 50, 'conversations.history': 50, 'conversations.info': 50,
  'conversations.members': 100, 'users.info': 100,
};

interface Bucket { tokens: number; at: number }

/** Token buckets on an emulated clock: `timeScale` emulated seconds pass per real second. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly start = performance.now();
  private readonly perSecond: number;
  private readonly burst: number;
  private readonly tiers: boolean;

  constructor(private readonly timeScale: number, options: RateLimitOptions | false) {
    this.perSecond = options === false ? Infinity : (options.postPerChannelPerSecond ?? 1);
    this.burst = options === false ? Infinity : (options.postBurst ?? 3);
    this.tiers = options !== false && (options.tiers ?? true);
  }

  /** Emulated seconds since start. */
  now(): number {
    return ((performance.now() - this.start) / 1000) * this.timeScale;
  }

  /** Takes one token; returns undefined when allowed, else the Retry-After in whole emulated seconds (≥ 1). */
  private take(key: string, capacity: number, perSecond: number): number | undefined {
    if (!Number.isFinite(capacity)) return undefined;
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + (now - b.at) * perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
  }

  /** The limit that applies to one call: chat.postMessage per channel, other methods per tier. */
  check(method: string, channel: string | undefined): number | undefined {
    if (method === 'chat.postMessage') return this.take(`post:${channel ?? ''}`, this.burst, this.perSecond);
    const perMinute = TIER_PER_MINUTE[method];
    if (!this.tiers || perMinute === undefined) return undefined;
    return this.take(`tier:${method}`, perMinute, perMinute / 60);
  }
}

/** The fault plan: scripted behaviours first, then random draws. */
export class Faults {
  private readonly scripts = new Map<string, Behaviour[]>();
  private random: RandomFaults | undefined;
  private readonly draw: () => number;

  constructor(seed: number) {
    this.draw = prng(seed);
  }

  script(method: string, behaviours: Behaviour[]): void {
    this.scripts.set(method, [...(this.scripts.get(method) ?? []), ...behaviours]);
  }

  setRandom(options: RandomFaults | null): void {
    this.random = options ?? undefined;
  }

  /** The behaviour for this call of `method`, consuming a scripted one if any; undefined for a normal answer. */
  next(method: string): Behaviour | undefined {
    const scripted = this.scripts.get(method)?.shift();
    if (scripted) return scripted;
    const r = this.random;
    if (!r) return undefined;
    const applies = r.methods ? r.methods.includes(method) : method !== 'auth.test';
    if (!applies) return undefined;
    const x = this.draw();
    const p429 = r.rate429 ?? 0;
    if (x < p429) return { error: 'ratelimited', retryAfter: r.retryAfter ?? 1 };
    if (x < p429 + (r.rate500 ?? 0)) return { http: 500, afterStore: this.draw() < (r.storeBefore500 ?? 0) };
    return undefined;
  }
}

/** A short label for the recorded call. */
export function describe(b: Behaviour): string {
  if (b.drop) return b.afterStore ? 'drop-after-store' : 'drop';
  if (b.error === 'ratelimited' || b.http === 429) return '429';
  if (b.http) return b.afterStore ? `${b.http}-after-store` : String(b.http);
  if (b.error) return `error:${b.error}`;
  return `delay:${b.delayMs ?? 0}`;
}

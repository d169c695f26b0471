import type { ChangeEvent, NewsEvent, OfferEvent } from './events.js';
import type { Offer } from './offer.js';
import { sha256 } from './snapshot.js';
import { channelKey, type ChannelRef } from './subscriptions.js';

/**
 * What `/secnumcloud test` posts, marked as a test: the latest real change the channel's subscriptions match
 * (`matching`), else the latest change of any kind (`latest`), else an offer of the current catalogue (`sample`),
 * else nothing but the fact that the bot can post here (`none`).
 */
export type TestNotice =
  | { type: 'test'; basis: 'matching' | 'latest'; event: OfferEvent | NewsEvent }
  | { type: 'test'; basis: 'sample'; offer: Offer }
  | { type: 'test'; basis: 'none' };

/**
 * Something the tracker tells a channel that is not a change: a filter that followed a rename, a disabled channel,
 * a test alert.
 */
export type Notice =
  | { type: 'provider-renamed'; from: string; to: string }
  | { type: 'channel-disabled'; channel: ChannelRef; reason: string }
  | TestNotice;

/** What waits in a channel's outbox: a change event, or a notice. */
export type OutboxItem = { deliveryId: string; event: ChangeEvent } | { deliveryId: string; notice: Notice; noticeId: string };

/** Several changes waiting for one channel, sent as one grouped message; its id derives from its members. */
export interface Digest {
  deliveryId: string;
  digest: Array<{ deliveryId: string; event: ChangeEvent }>;
}

/** What a sender posts: one item, or a digest. */
export type SendItem = OutboxItem | Digest;

export function digestId(memberIds: readonly string[]): string {
  return `dg${sha256(JSON.stringify(memberIds)).slice(0, 24)}`;
}

/**
 * One delivery is one event (or notice) for one channel: its id is derived from both, so fanning the same event
 * out twice finds the same delivery. Prefixed, never all digits, no ':' (it is also used in job ids).
 */
export function deliveryId(itemId: string, channel: ChannelRef): string {
  return `dl${sha256(JSON.stringify([itemId, channelKey(channel)])).slice(0, 24)}`;
}

/** A stable id for a notice, so that a retried fan-out does not tell a channel twice. */
export function noticeId(notice: Notice, cause: string): string {
  return `n${sha256(JSON.stringify([notice, cause])).slice(0, 24)}`;
}

/**
 * The id of one test alert: each `/secnumcloud test` is its own notice (`nonce` differs at each call), so its
 * delivery id is never that of the change it shows (`deliveryId(event.id, channel)`): the test neither stands for
 * the real delivery nor is deduplicated against it.
 */
export const testNoticeId = (notice: TestNotice, nonce: string): string => noticeId(notice, `test:${nonce}`);

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** Why a platform call did not deliver: decides whether to retry, wait, or give up (and disable the channel). */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly outcome: 'transient' | 'rate-limited' | 'permanent',
    readonly details: { retryAfterMs?: number; global?: boolean; channelGone?: boolean; code?: string } = {},
  ) {
    super(message);
  }
}

/**
 * A token bucket a send takes from (src/platforms/<name>/limits.ts): `ratePerSec` tokens a second, at most `burst`
 * saved up; `shared` marks a bucket of the whole platform rather than of the channel. The key names its platform.
 */
export interface Bucket {
  key: string;
  ratePerSec: number;
  burst: number;
  shared?: boolean;
}

/** A platform's sending side (src/platforms/<name>/sender.ts). */
export interface Sender {
  platform: ChannelRef['platform'];
  /**
   * The token buckets a message to this channel takes from (the platform's limits.ts), shared by all workers
   * through Redis. `shared` marks a bucket of the whole platform (every drain of the platform waits for it alike).
   */
  buckets(channel: ChannelRef): Bucket[];
  /**
   * Posts one outbox item to a channel in a language; returns the platform's message id. `attempt` > 1 means
   * an earlier attempt ended in doubt: the sender must not post twice (Discord: nonce; Slack: look for the
   * delivery id in the channel's recent history first). Throws DeliveryError.
   */
  send(channel: ChannelRef, item: SendItem, lang: 'fr' | 'en', attempt: number): Promise<string>;
  /**
   * Whether the channel's alerts wait for a scheduled digest (an e-mail target in `daily` or `weekly` mode): its
   * drain then sends only what the digest job marked due (the outbox's `due` mark), all of it grouped, and leaves
   * the rest queued. Absent or false: everything goes as it comes.
   */
  holds?(channel: ChannelRef): Promise<boolean>;
}

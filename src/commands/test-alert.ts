import type { TestNotice } from '../core/delivery.js';
import { isOperatorEvent, type ChangeEvent, type NewsEvent, type OfferEvent } from '../core/events.js';
import type { Offer } from '../core/offer.js';
import { receives, type Subscription } from '../core/subscriptions.js';
import type { ParsedCommand } from './args.js';
import { requireManage, type Ctx } from './context.js';
import { CommandError } from './errors.js';
import { changeLine } from './history-line.js';
import type { AlertOutcome } from './ports.js';
import type { Block, Inline, Reply } from './reply.js';
import { paragraph, privateReply } from './replies.js';

/** How many of the latest changes `test` and `subscribe` look through for one the channel's subscriptions match. */
export const RECENT_SCAN = 200;
/** How long the follow-up waits for the test alert to be posted before saying where it is. */
export const TEST_WAIT_MS = 30_000;

type SubscriberEvent = OfferEvent | NewsEvent;
const forSubscribers = (e: ChangeEvent): e is SubscriberEvent => !isOperatorEvent(e);

/**
 * The offer a sample alert shows when no change is recorded: the most recently qualified one the subscriptions
 * would receive as a new qualification, else the most recently qualified one.
 */
function sampleOffer(offers: readonly Offer[], subs: readonly Subscription[]): Offer | undefined {
  const newest = [...offers].sort((a, b) => (b.qualifiedFrom ?? '').localeCompare(a.qualifiedFrom ?? ''));
  const asAdded = (offer: Offer): OfferEvent => ({ id: 'sample', kind: 'offer.added', source: 'sample', detectedAt: '', offer });
  return newest.find((o) => subs.some((s) => receives(s, asAdded(o)))) ?? newest[0];
}

/** What the test alert shows: the latest change the subscriptions match, else the latest change, else a sample, else nothing. */
export async function pickTestNotice(subs: readonly Subscription[], ctx: Ctx): Promise<TestNotice> {
  const changes = (await ctx.deps.state.latestChanges(RECENT_SCAN)).filter(forSubscribers);
  const matching = changes.find((e) => subs.some((s) => receives(s, e)));
  if (matching) return { type: 'test', basis: 'matching', event: matching };
  if (changes[0]) return { type: 'test', basis: 'latest', event: changes[0] };
  const offer = sampleOffer((await ctx.deps.state.qualified()).offers, subs);
  return offer ? { type: 'test', basis: 'sample', offer } : { type: 'test', basis: 'none' };
}

function outcomeReply(o: AlertOutcome, ctx: Ctx): Reply {
  const { t } = ctx;
  const text = o.status === 'sent' ? t.test.posted : o.status === 'failed' ? t.test.failed(o.reason) : t.test.pending(o.queued, Math.round(TEST_WAIT_MS / 1000));
  return { visibility: 'ephemeral', tone: o.status === 'sent' ? 'ok' : o.status === 'failed' ? 'error' : 'info', summary: text, blocks: [paragraph(text)] };
}

/**
 * `test` (needs canManage, and the adapter has checked that the bot can post here): one alert marked as a test,
 * queued through the real delivery path, at most one a minute per channel. The reply says what it shows; its
 * follow-up says whether it was posted.
 */
export async function test(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  const [extra] = args.words;
  if (extra !== undefined) throw new CommandError({ kind: 'unexpected', word: extra }, 'test');
  requireManage(ctx, 'test');
  const { alerts, subscriptions } = ctx.deps;
  if (!alerts) throw new CommandError({ kind: 'noDeliveryPath' }, 'test');
  const { channel } = ctx.inv;
  const [subs, paused] = await Promise.all([subscriptions.list(channel), subscriptions.pausedSince(channel)]);
  const notice = await pickTestNotice(subs, ctx);
  const queued = await alerts.queue(channel, notice);
  if ('retryInMs' in queued) throw new CommandError({ kind: 'testTooSoon', seconds: Math.ceil(queued.retryInMs / 1000) }, 'test');
  const { t } = ctx;
  const shown: Inline[] | undefined =
    notice.basis === 'matching' || notice.basis === 'latest' ? changeLine(notice.event, ctx)
    : notice.basis === 'sample' ? [notice.offer.provider, ' — ', notice.offer.service ?? '']
    : undefined;
  const blocks: Block[] = [
    paragraph(t.test.queued, ' ', t.test.shows[notice.basis]),
    ...(shown ? [{ type: 'list' as const, items: [shown] }] : []),
    ...(paused ? [paragraph(t.test.paused)] : []),
    paragraph(t.test.followUpNote),
  ];
  return { ...privateReply(t.test.queued, blocks), followUp: async () => outcomeReply(await alerts.outcome(channel, queued.deliveryId, TEST_WAIT_MS), ctx) };
}

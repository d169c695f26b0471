import type { ParsedCommand } from './args.js';
import { requireManage, type Ctx } from './context.js';
import { dayWords } from './pause.js';
import { subscriptionLine } from './describe-subscription.js';
import { CommandError } from './errors.js';
import { topicOf } from './grammar.js';
import type { Reply } from './reply.js';
import { channelReply, paragraph, privateReply } from './replies.js';

/** `subscriptions`: whether the channel is paused, and its subscriptions, each with its id, what it covers, and whether it is disabled. */
export async function listSubscriptions(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  const [extra] = args.words;
  if (extra !== undefined) throw new CommandError({ kind: 'unexpected', word: extra }, 'subscriptions');
  const [subs, paused] = await Promise.all([ctx.deps.subscriptions.list(ctx.inv.channel), ctx.deps.subscriptions.pausedSince(ctx.inv.channel)]);
  const { t } = ctx;
  const pausedLine = paused ? [paragraph({ bold: t.subscriptions.paused(dayWords(ctx, paused.at)) })] : [];
  if (subs.length === 0) return privateReply(t.subscriptions.none, [paragraph(t.subscriptions.none), ...pausedLine]);
  return privateReply(t.subscriptions.summary(subs.length), [
    { type: 'heading', text: t.subscriptions.heading },
    ...pausedLine,
    { type: 'list', items: subs.map((s) => subscriptionLine(s, ctx)) },
  ]);
}

/** `unsubscribe <id>|all` (needs canManage): an unknown id is a user error that lists the channel's ids. */
export async function unsubscribe(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  requireManage(ctx, 'unsubscribe');
  const [target, extra] = args.words;
  if (target === undefined) throw new CommandError({ kind: 'missingId' }, 'unsubscribe');
  if (extra !== undefined) throw new CommandError({ kind: 'unexpected', word: extra }, 'unsubscribe');
  const { subscriptions: store } = ctx.deps;
  const { channel } = ctx.inv;
  const { t } = ctx;
  if (topicOf(target) === 'all') {
    const text = t.unsubscribe.removedAll(await store.removeAll(channel));
    return channelReply(text, [paragraph(text)]);
  }
  const id = target.toLowerCase();
  if (!(await store.remove(channel, id))) {
    const known = (await store.list(channel)).map((s) => s.id);
    throw new CommandError({ kind: 'unknownId', id: target, known }, 'unsubscribe');
  }
  const text = t.unsubscribe.removed(id);
  return channelReply(text, [paragraph(text)]);
}

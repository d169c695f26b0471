import type { ParsedCommand } from './args.js';
import { dayOf, requireManage, type Ctx } from './context.js';
import { CommandError } from './errors.js';
import type { CommandName } from './grammar.js';
import type { Reply } from './reply.js';
import { channelReply, paragraph, privateReply } from './replies.js';

function noWords(args: ParsedCommand, command: CommandName): void {
  const [extra] = args.words;
  if (extra !== undefined) throw new CommandError({ kind: 'unexpected', word: extra }, command);
}

/** An ISO instant as the channel's language writes its day in deps.timeZone. */
export const dayWords = (ctx: Ctx, instant: string): string => {
  const day = dayOf(ctx, instant);
  return day ? ctx.t.date(day) : instant;
};

/**
 * `pause` (needs canManage): the fan-out queues nothing more for this channel, and counts what it skips, until
 * `resume`. Pausing a paused channel keeps the first pause (and its count) and says since when.
 */
export async function pause(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  noWords(args, 'pause');
  requireManage(ctx, 'pause');
  const { created, pause: state } = await ctx.deps.subscriptions.pause(ctx.inv.channel, ctx.inv.user, ctx.now);
  const { t } = ctx;
  if (!created) {
    const text = t.pause.already(dayWords(ctx, state.at));
    return privateReply(text, [paragraph(text)]);
  }
  return channelReply(t.pause.done, [paragraph(t.pause.done)]);
}

/** `resume` (needs canManage): alerts again, with how many changes the pause skipped and where to see them. */
export async function resume(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  noWords(args, 'resume');
  requireManage(ctx, 'resume');
  const ended = await ctx.deps.subscriptions.resume(ctx.inv.channel);
  const { t } = ctx;
  if (!ended) return privateReply(t.resume.notPaused, [paragraph(t.resume.notPaused)]);
  const text = t.resume.done(ended.skipped, dayWords(ctx, ended.pause.at));
  return channelReply(text, [paragraph(text)]);
}

import type { ParsedCommand } from './args.js';
import { makeCtx, requireManage, type Ctx } from './context.js';
import { CommandError } from './errors.js';
import { langOf } from './grammar.js';
import type { Reply } from './reply.js';
import { channelReply, paragraph, privateReply } from './replies.js';

/**
 * `lang [fr|en]`: without an argument, the channel's language; with one, stores it (store.setLang) and
 * answers in the new language. Setting it changes what the whole channel reads, alerts included, so it
 * needs canManage like subscribe.
 */
export async function lang(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  const [word, extra] = args.words;
  if (extra !== undefined) throw new CommandError({ kind: 'unexpected', word: extra }, 'lang');
  if (word === undefined) {
    const text = ctx.t.langCommand.current(ctx.t.languageName[ctx.lang]);
    return privateReply(text, [paragraph(text)]);
  }
  const chosen = langOf(word);
  if (!chosen) throw new CommandError({ kind: 'badLang', word }, 'lang');
  requireManage(ctx, 'lang');
  await ctx.deps.subscriptions.setLang(ctx.inv.channel, chosen);
  const { t } = makeCtx(ctx.inv, ctx.deps, chosen);
  const text = t.langCommand.set(t.languageName[chosen]);
  return channelReply(text, [paragraph(text)]);
}

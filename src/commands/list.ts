import { normalizeName } from '../core/normalize.js';
import type { Offer } from '../core/offer.js';
import type { ParsedCommand } from './args.js';
import type { Ctx } from './context.js';
import { CommandError } from './errors.js';
import { offerLine } from './format-offer.js';
import { typeOf } from './grammar.js';
import { providerList } from './providers.js';
import type { Block, Reply } from './reply.js';
import { paragraph, privateReply } from './replies.js';

/** `list [SaaS|PaaS|CaaS|IaaS]`: the qualified offers by provider (alphabetical), each with types and end date. */
export async function list(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  const [word, extra] = args.words;
  if (extra !== undefined) throw new CommandError({ kind: 'unexpected', word: extra }, 'list');
  const type = word === undefined ? undefined : typeOf(word);
  if (word !== undefined && !type) throw new CommandError({ kind: 'badType', word }, 'list');
  const { offers } = await ctx.deps.state.qualified();
  const shown = type ? offers.filter((o) => o.types.includes(type)) : offers;
  const { t } = ctx;
  if (shown.length === 0) return privateReply(t.list.none(type), [paragraph(t.list.none(type))]);
  const providers = providerList(shown);
  const byProvider = new Map<string, Offer[]>(providers.map((p) => [normalizeName(p), []]));
  for (const o of shown) byProvider.get(normalizeName(o.provider))?.push(o);
  const blocks: Block[] = [{ type: 'heading', text: t.list.heading(type) }];
  for (const p of providers) {
    const own = byProvider.get(normalizeName(p)) ?? [];
    blocks.push(paragraph({ bold: p }), { type: 'list', items: own.map((o) => offerLine(o, ctx, false)) });
  }
  return privateReply(t.list.summary(shown.length, providers.length), blocks);
}

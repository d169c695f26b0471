import { normalizeName } from '../core/normalize.js';
import type { Offer } from '../core/offer.js';
import type { ParsedCommand } from './args.js';
import type { Ctx } from './context.js';
import { CommandError } from './errors.js';
import { offerLine } from './format-offer.js';
import { catalogueListOf, typeOf } from './grammar.js';
import { listOther } from './list-other.js';
import { ALL_LISTS } from '../core/subscriptions.js';
import { PRIMARY_LIST } from '../core/tracks.js';
import { providerList } from './providers.js';
import type { Block, Reply } from './reply.js';
import { context, paragraph, privateReply } from './replies.js';
import { listNotice, stateOfList } from './source-text.js';

/**
 * The catalogue list the first words name, as typed without quotes (`produits qualifiés Stormshield`): the longest run
 * of up to three words that names one, and the words after it. A service type is never a list.
 */
function namedList(words: readonly string[]): { named?: string; rest: readonly string[] } {
  if (words[0] === undefined || typeOf(words[0]) !== undefined) return { rest: words };
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const named = catalogueListOf(words.slice(0, n).join(' '));
    if (named !== undefined) return { named, rest: words.slice(n) };
  }
  return { rest: words };
}

/**
 * `list [SaaS|PaaS|CaaS|IaaS]`: the qualified offers by provider (alphabetical), each with types and end date; or
 * `list <list> [provider]`: another catalogue list's entries (list-other.ts).
 */
export async function list(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  const { named, rest } = namedList(args.words);
  if (named !== undefined && named !== ALL_LISTS && named !== PRIMARY_LIST) return listOther(named, rest.join(' '), ctx);
  const [word, extra] = named === PRIMARY_LIST ? rest : args.words;
  if (extra !== undefined) throw new CommandError({ kind: 'unexpected', word: extra }, 'list');
  const type = word === undefined ? undefined : typeOf(word);
  if (word !== undefined && !type) throw new CommandError({ kind: 'badType', word }, 'list');
  const [{ offers }, sources] = await Promise.all([ctx.deps.state.qualified(), ctx.deps.state.sources()]);
  const shown = type ? offers.filter((o) => o.types.includes(type)) : offers;
  const { t } = ctx;
  // A catalogue not read, not followed, failing or held says so: its absence is not an empty list.
  const catalogue = stateOfList('qualified', sources);
  const notice = listNotice('qualified', catalogue, offers.length, t, ctx.deps.timeZone);
  if (shown.length === 0) {
    const text = catalogue.read && offers.length > 0 ? t.list.none(type) : (notice ?? t.list.none(type));
    return privateReply(text, [paragraph(text)]);
  }
  const providers = providerList(shown);
  const byProvider = new Map<string, Offer[]>(providers.map((p) => [normalizeName(p), []]));
  for (const o of shown) byProvider.get(normalizeName(o.provider))?.push(o);
  const blocks: Block[] = [{ type: 'heading', text: t.list.heading(type) }];
  for (const p of providers) {
    const own = byProvider.get(normalizeName(p)) ?? [];
    blocks.push(paragraph({ bold: p }), { type: 'list', items: own.map((o) => offerLine(o, ctx, false)) });
  }
  if (notice) blocks.push(context(notice));
  return privateReply(t.list.summary(shown.length, providers.length), blocks);
}

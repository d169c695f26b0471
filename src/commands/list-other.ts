import { listName } from '../core/list-names.js';
import { normalizeName } from '../core/normalize.js';
import type { Offer } from '../core/offer.js';
import { isProductList } from '../core/tracks.js';
import type { Ctx } from './context.js';
import { CommandError } from './errors.js';
import { listRecordLine, productLine } from './format-offer.js';
import { findProvider, providerList } from './providers.js';
import type { Block, Inline, Reply } from './reply.js';
import { context, paragraph, privateReply } from './replies.js';

/**
 * The bounds of `list <list>`: a reply shows at most LIST_ENTRIES_MAX entries; a list longer than that (381 Common
 * Criteria certificates in December 2025) is shown as its providers with their counts, at most LIST_PROVIDERS_MAX,
 * each a name to add to see its entries. Slack takes 50 blocks and Discord 4,096 characters an embed: one list block.
 */
export const LIST_ENTRIES_MAX = 25;
export const LIST_PROVIDERS_MAX = 40;

/**
 * `list <list> [provider]`: the entries of a catalogue list other than SecNumCloud (`cspn`, `cc`, `passi`…), by
 * provider (the developer, for products), or one provider's; bounded as above. A list not read yet says so, never
 * "none".
 */
export async function listOther(list: string, query: string, ctx: Ctx): Promise<Reply> {
  const { t } = ctx;
  const name = listName(list, ctx.lang);
  const state = (await ctx.deps.state.lists()).find((l) => l.list === list);
  if (!state?.read) return privateReply(t.list.listNotRead(name), [paragraph(t.list.listNotRead(name))]);
  let records: readonly Offer[] = state.offers;
  let provider: string | undefined;
  if (query) {
    const match = findProvider(query, providerList(records));
    if (match.kind === 'ambiguous') throw new CommandError({ kind: 'providerAmbiguous', query, candidates: match.candidates }, 'list');
    if (match.kind === 'none') throw new CommandError({ kind: 'providerNotFound', query, suggestions: match.suggestions, known: providerList(records).slice(0, LIST_PROVIDERS_MAX) }, 'list');
    provider = match.name;
    records = records.filter((o) => normalizeName(o.provider) === normalizeName(match.name));
  }
  if (records.length === 0) return privateReply(t.list.listNone(name), [paragraph(t.list.listNone(name))]);
  const line = isProductList(list) ? productLine : listRecordLine;
  const providers = providerList(records);
  const blocks: Block[] = [{ type: 'heading', text: t.list.listHeading(name, provider) }];
  if (records.length <= LIST_ENTRIES_MAX) {
    // One list block: each entry with its provider in front, unless one provider is asked for.
    const sorted = [...records].sort((a, b) => providers.indexOf(providerOf(a, providers)) - providers.indexOf(providerOf(b, providers)));
    blocks.push({ type: 'list', items: sorted.map((o) => line(o, ctx, provider === undefined)) });
  } else if (provider) {
    blocks.push({ type: 'list', items: records.slice(0, LIST_ENTRIES_MAX).map((o) => line(o, ctx)) }, context(t.list.moreHidden(records.length - LIST_ENTRIES_MAX)));
  } else {
    const count = (p: string): number => records.filter((o) => normalizeName(o.provider) === normalizeName(p)).length;
    const items: Inline[][] = providers.slice(0, LIST_PROVIDERS_MAX).map((p) => [t.list.providerCount(p, count(p))]);
    blocks.push(paragraph({ bold: t.list.byProvider }), { type: 'list', items });
    if (providers.length > LIST_PROVIDERS_MAX) blocks.push(context(t.list.moreHidden(providers.length - LIST_PROVIDERS_MAX)));
  }
  if (state.held) blocks.push(context(t.status.listHeld));
  if (state.edition) blocks.push(context(t.provider.catalogueOf(state.edition)));
  return privateReply(t.list.listSummary(records.length, providers.length), blocks);
}

/** The spelling providerList kept for an entry's provider (the first one printed). */
const providerOf = (o: Offer, providers: readonly string[]): string => providers.find((p) => normalizeName(p) === normalizeName(o.provider)) ?? o.provider;

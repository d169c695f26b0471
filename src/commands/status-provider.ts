import type { Ctx } from './context.js';
import { CommandError } from './errors.js';
import { inProgressLine, listRecordLine, offerLine, productLine } from './format-offer.js';
import { listName } from '../core/list-names.js';
import { isProductList, PRIMARY_LIST } from '../core/tracks.js';
import { quoteArg } from './args.js';
import { findProvider, providerList } from './providers.js';
import { normalizeName } from '../core/normalize.js';
import type { Block, Reply } from './reply.js';
import { context, paragraph, privateReply } from './replies.js';
import { listNotice, stateOfList } from './source-text.js';

/**
 * How many records of one other list `status <provider>` shows: a developer may hold dozens of certificates (THALES
 * DIS, 76 Common Criteria rows in December 2025); the rest are counted, with the `list` command that shows them.
 */
export const STATUS_LIST_MAX = 8;

/**
 * One provider, found by a forgiving match (findProvider) among the catalogue's and the "en cours" page's
 * providers: its qualified offers with types, period, decision link and days left or a passed end date, then
 * its "en cours" entries. A name that matches none or several is a user error that proposes names.
 */
export async function providerStatus(query: string, ctx: Ctx): Promise<Reply> {
  const [{ offers, edition }, entries, sources, lists] = await Promise.all([
    ctx.deps.state.qualified(),
    ctx.deps.state.inProgress(),
    ctx.deps.state.sources(),
    ctx.deps.state.lists(),
  ]);
  const others = lists.filter((l) => l.list !== PRIMARY_LIST);
  const names = providerList([...offers, ...entries, ...others.flatMap((l) => l.offers)]);
  const match = findProvider(query, names);
  if (match.kind === 'ambiguous') {
    throw new CommandError({ kind: 'providerAmbiguous', query, candidates: match.candidates }, 'status');
  }
  if (match.kind === 'none') {
    throw new CommandError({ kind: 'providerNotFound', query, suggestions: match.suggestions, known: names }, 'status');
  }
  const key = normalizeName(match.name);
  const own = offers.filter((o) => normalizeName(o.provider) === key);
  const pending = entries.filter((o) => normalizeName(o.provider) === key);
  const { t } = ctx;
  // Every qualification the provider holds, list by list: SecNumCloud first, then each other list naming it.
  const held = others.map((l) => ({ list: l.list, records: l.offers.filter((o) => normalizeName(o.provider) === key) })).filter((l) => l.records.length > 0);
  const blocks: Block[] = [
    { type: 'heading', text: match.name },
    paragraph({ bold: held.length > 0 ? `${t.provider.qualified} — ${listName(PRIMARY_LIST, ctx.lang, false)}` : t.provider.qualified }),
    own.length > 0 ? { type: 'list', items: own.map((o) => offerLine(o, ctx, true)) } : paragraph(t.provider.noQualified),
  ];
  if (pending.length > 0) {
    blocks.push(paragraph({ bold: t.provider.inProgress }), { type: 'list', items: pending.map((o) => inProgressLine(o, ctx)) });
  }
  for (const l of held) {
    const line = isProductList(l.list) ? productLine : listRecordLine;
    blocks.push(paragraph({ bold: listName(l.list, ctx.lang) }), { type: 'list', items: l.records.slice(0, STATUS_LIST_MAX).map((o) => line(o, ctx)) });
    if (l.records.length > STATUS_LIST_MAX) blocks.push(context(t.provider.more(l.records.length - STATUS_LIST_MAX, `/secnumcloud list ${l.list} ${quoteArg(match.name)}`)));
  }
  if (edition) blocks.push(context(t.provider.catalogueOf(edition)));
  // A list that is not followed, not read, failing or held says so: what is missing here may be missing there.
  for (const [list, count] of [['qualified', offers.length], ['inProgress', entries.length]] as const) {
    const l = stateOfList(list, sources);
    const notice = l.read && l.health.state === 'working' ? undefined : listNotice(list, l, count, t, ctx.deps.timeZone);
    if (notice) blocks.push(context(notice));
  }
  return privateReply(t.provider.summary(match.name, own.length, pending.length), blocks);
}

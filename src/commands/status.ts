import { optionValues, type ParsedCommand } from './args.js';
import type { Ctx } from './context.js';
import { CommandError } from './errors.js';
import { changeLine } from './history-line.js';
import type { ListState, SourceStatus } from './ports.js';
import { listName } from '../core/list-names.js';
import { PRIMARY_LIST } from '../core/tracks.js';
import { providerList } from './providers.js';
import { countText, listNotice, stateOfList, stateWords } from './source-text.js';
import type { Block, Inline, Reply } from './reply.js';
import { paragraph, privateReply } from './replies.js';
import { providerStatus } from './status-provider.js';

const SEP = ' — ';

/** One source in words: its name, its state (since when and what kind of failure), when it last worked. */
function sourceLine(s: SourceStatus, ctx: Ctx): Inline[] {
  const { t } = ctx;
  const h = s.health;
  const parts = [stateWords(h, t, ctx.deps.timeZone)];
  const last = s.lastSuccessAt ? Date.parse(s.lastSuccessAt) : Number.NaN;
  if (!Number.isNaN(last)) parts.push(t.status.checkedAgo(t.ago(Math.max(0, ctx.now.getTime() - last))));
  else if (h.state !== 'never' && h.state !== 'disabled') parts.push(t.status.neverChecked); // failing since its first check
  if (h.held) parts.push(t.sources.held);
  return [{ bold: s.name ?? s.id }, t.colon, parts.join(SEP)];
}

/** Another list followed: its name, its count (or "not read yet", never "0"), and whether a document is held. */
function otherListLine(l: ListState, ctx: Ctx): Inline[] {
  const { t } = ctx;
  const parts = [l.read ? t.status.listCount(l.offers.length) : t.status.listNotRead, ...(l.held ? [t.status.listHeld] : [])];
  return [{ bold: listName(l.list, ctx.lang, false) }, t.colon, parts.join(SEP)];
}

/** The overall state: counts (or why a list has none), each source's health, the latest change. */
async function overall(ctx: Ctx): Promise<Reply> {
  const { state } = ctx.deps;
  const [{ offers, edition }, entries, sources, [latest], lists] = await Promise.all([
    state.qualified(),
    state.inProgress(),
    state.sources(),
    state.latestChanges(1),
    state.lists(),
  ]);
  const others = lists.filter((l) => l.list !== PRIMARY_LIST);
  const { t } = ctx;
  const providers = providerList(offers).length;
  const change = latest ? changeLine(latest, ctx) : undefined;
  const [catalogue, pending] = [stateOfList('qualified', sources), stateOfList('inProgress', sources)];
  const notices = [listNotice('qualified', catalogue, offers.length, t, ctx.deps.timeZone), listNotice('inProgress', pending, entries.length, t, ctx.deps.timeZone)];
  const blocks: Block[] = [
    { type: 'heading', text: t.status.heading },
    {
      type: 'fields',
      fields: [
        { label: t.status.qualifiedOffers, value: [countText(offers.length, catalogue, t)] },
        { label: t.status.providers, value: [countText(providers, catalogue, t)] },
        { label: t.status.inProgress, value: [countText(entries.length, pending, t)] },
        ...(edition ? [{ label: t.status.edition, value: [t.date(edition)] }] : []),
      ],
    },
    ...notices.filter((n): n is string => n !== undefined).map((n) => paragraph(n)),
    ...(others.length > 0 ? [paragraph({ bold: t.status.otherLists }), { type: 'list' as const, items: others.map((l) => otherListLine(l, ctx)) }] : []),
    paragraph({ bold: t.status.sources }),
    ...(sources.length > 0 ? [{ type: 'list' as const, items: sources.map((s) => sourceLine(s, ctx)) }] : []),
    paragraph({ bold: t.status.latestChange }, t.colon, ...(change ?? [t.status.noChange])),
  ];
  return privateReply(t.status.summary(offers.length, providers), blocks);
}

/** `status [provider]`: the tracker's state, or one provider's offers (a name given as words or provider:). */
export async function status(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  const [option, second] = optionValues(args, 'provider');
  const extra = second ?? (option !== undefined ? args.words[0] : undefined);
  if (extra !== undefined) throw new CommandError({ kind: 'unexpected', word: extra }, 'status');
  const query = option ?? args.words.join(' ');
  return query ? providerStatus(query, ctx) : overall(ctx);
}

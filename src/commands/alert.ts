import type { Digest, Notice, SendItem, TestNotice } from '../core/delivery.js';
import type { ChangeEvent, NewsEvent, OfferEvent } from '../core/events.js';
import { listName } from '../core/list-names.js';
import { providerSlug } from '../core/provider-slug.js';
import type { Offer } from '../core/offer.js';
import { isProductList } from '../core/tracks.js';
import { productChangeBlocks, productFields, productName, productSummaryName, productTitle } from './alert-product.js';
import type { Lang } from './ports.js';
import type { Block, Inline, Reply } from './reply.js';

const T = {
  fr: {
    'offer.added': 'Nouvelle qualification SecNumCloud',
    'offer.removed': 'Retiré du catalogue SecNumCloud',
    'offer.renamed': 'Offre renommée',
    'offer.renewed': 'Qualification renouvelée',
    'offer.updated': 'Offre mise à jour',
    'offer.expiring': 'Qualification bientôt échue',
    expired: 'Qualification échue mais toujours listée',
    'offer.in_progress': 'Nouvelle offre en cours de qualification',
    'news.published': 'Actualité',
    digest: (n: number) => `${n} changements SecNumCloud`,
    providerPage: (p: string) => `${p} : toute son histoire`,
    digestLists: (n: number) => `${n} changements du catalogue`,
    listAdded: (l: string) => `Nouvelle qualification ${l}`,
    listRemoved: (l: string) => `Retiré de la liste ${l} du catalogue`,
    lapsed: (d: string) => `Sa qualification a pris fin le ${d} : échue, elle n'est plus listée.`,
    list: 'Liste',
    level: 'Niveau',
    colon: ' : ',
    ops: 'Opérateurs',
    types: 'Types',
    validity: 'Validité',
    from: (a: string, b: string) => `du ${a} au ${b}`,
    since: (a: string) => `depuis le ${a}`,
    decision: (n: string) => `décision n° ${n}`,
    before: 'Auparavant',
    changed: 'Champs modifiés',
    wasInProgress: 'Était en cours de qualification',
    announced: (d: string, where: string) => `Annoncée pour la première fois le ${d} (${where}) : `,
    inProgress: 'En cours de qualification',
    endsIn: (d: number) => (d === 0 ? "se termine aujourd'hui" : `se termine dans ${d} jour${d > 1 ? 's' : ''}`),
    endedAgo: (d: number) => `date de fin dépassée de ${d} jour${d > 1 ? 's' : ''}`,
    seenIn: 'Source',
    about: 'Mots-clés et fournisseurs',
    renamedNotice: (a: string, b: string) => `Le fournisseur « ${a} » s'appelle désormais « ${b} » : les filtres de ce canal le suivent.`,
    disabledNotice: (c: string, r: string) => `Canal ${c} injoignable : ses abonnements sont désactivés (${r}).`,
    test: 'Alerte de test',
    testSample: 'Exemple tiré du catalogue actuel',
    testMatching: "Alerte de test demandée avec /secnumcloud test : voici le dernier changement que les abonnements de ce canal retiennent, tel qu'une alerte le présente. Ce n'est pas un nouveau changement.",
    testLatest: "Alerte de test demandée avec /secnumcloud test : aucun changement enregistré ne correspond encore aux abonnements de ce canal ; voici le plus récent, tel qu'une alerte le présente. Ce n'est pas un nouveau changement.",
    testSampleNote: "Alerte de test demandée avec /secnumcloud test : aucun changement n'est encore enregistré ; voici une offre du catalogue actuel, telle qu'une alerte la présente. Ce n'est pas un changement.",
    testNone: "Alerte de test demandée avec /secnumcloud test : le suivi peut publier dans ce canal. Aucun changement ni catalogue à montrer pour l'instant : la première alerte arrivera avec le prochain changement.",
  },
  en: {
    'offer.added': 'New SecNumCloud qualification',
    'offer.removed': 'Removed from the SecNumCloud catalogue',
    'offer.renamed': 'Offer renamed',
    'offer.renewed': 'Qualification renewed',
    'offer.updated': 'Offer updated',
    'offer.expiring': 'Qualification ending soon',
    expired: 'Qualification ended but still listed',
    'offer.in_progress': 'New offer in the qualification process',
    'news.published': 'News',
    digest: (n: number) => `${n} SecNumCloud changes`,
    providerPage: (p: string) => `${p}: its whole story`,
    digestLists: (n: number) => `${n} catalogue changes`,
    listAdded: (l: string) => `New ${l} qualification`,
    listRemoved: (l: string) => `Removed from the catalogue's ${l} list`,
    lapsed: (d: string) => `Its qualification ended on ${d}: lapsed, it is no longer listed.`,
    list: 'List',
    level: 'Level',
    colon: ': ',
    ops: 'Operators',
    types: 'Types',
    validity: 'Valid',
    from: (a: string, b: string) => `from ${a} to ${b}`,
    since: (a: string) => `since ${a}`,
    decision: (n: string) => `decision no. ${n}`,
    before: 'Before',
    changed: 'Fields changed',
    wasInProgress: 'Was in the qualification process',
    announced: (d: string, where: string) => `First announced on ${d} (${where}): `,
    inProgress: 'In the qualification process',
    endsIn: (d: number) => (d === 0 ? 'ends today' : `ends in ${d} day${d > 1 ? 's' : ''}`),
    endedAgo: (d: number) => `end date passed ${d} day${d > 1 ? 's' : ''} ago`,
    seenIn: 'Source',
    about: 'Keywords and providers',
    renamedNotice: (a: string, b: string) => `Provider "${a}" is now called "${b}": this channel's filters follow it.`,
    disabledNotice: (c: string, r: string) => `Channel ${c} unreachable: its subscriptions are disabled (${r}).`,
    test: 'Test alert',
    testSample: 'An example from the current catalogue',
    testMatching: "Test alert requested with /secnumcloud test: the latest change this channel's subscriptions match, as an alert shows it. Not a new change.",
    testLatest: "Test alert requested with /secnumcloud test: no recorded change matches this channel's subscriptions yet; here is the latest one, as an alert shows it. Not a new change.",
    testSampleNote: 'Test alert requested with /secnumcloud test: no change is recorded yet; here is an offer of the current catalogue, as an alert shows it. Not a change.',
    testNone: 'Test alert requested with /secnumcloud test: the tracker can post in this channel. No change and no catalogue to show yet: the first alert arrives with the next change.',
  },
} as const;

/** What an alert may link besides its sources: the provider's page on the public site (PUBLIC_URL), when set. */
export interface AlertOptions {
  publicUrl?: string;
}

/** A calendar date as each language writes it: 04/12/2027, or 2027-12-04. */
export const formatDate = (iso: string | undefined, lang: Lang): string => (!iso ? '?' : lang === 'fr' ? iso.split('-').reverse().join('/') : iso);

/** "Provider — Service", or the provider alone for lists whose rows name no service (PASSI, PACS, …). */
const nameOf = (o: Offer): string => (o.list && isProductList(o.list) ? productName(o) : o.service ? `${o.provider} — ${o.service}` : o.provider);

function offerBlocks(o: Offer, lang: Lang): Block[] {
  const t = T[lang];
  const fields: Array<{ label: string; value: Inline[] }> = [];
  // A product (decision 0023): its list, category, validity or "no longer maintained", certificate and documents.
  if (o.list && isProductList(o.list)) {
    const validity = (p: Offer): Inline[] | undefined => (p.qualifiedFrom || p.qualifiedUntil ? [t.from(formatDate(p.qualifiedFrom, lang), formatDate(p.qualifiedUntil, lang))] : undefined);
    fields.push(...productFields(o, lang, validity));
    if (o.decision) fields.push({ label: 'ANSSI', value: [o.decisionUrl ? { link: o.decisionUrl, label: t.decision(o.decision) } : t.decision(o.decision)] });
    return [{ type: 'paragraph', content: [{ bold: nameOf(o) }] }, { type: 'fields', fields }];
  }
  if (o.list) fields.push({ label: t.list, value: [listName(o.list, lang)] });
  if (o.level) fields.push({ label: t.level, value: [o.level] });
  if (o.types.length > 0) fields.push({ label: t.types, value: [o.types.join(', ')] });
  if (o.qualifiedFrom || o.qualifiedUntil) fields.push({ label: t.validity, value: [t.from(formatDate(o.qualifiedFrom, lang), formatDate(o.qualifiedUntil, lang))] });
  if (o.inProgressSince) fields.push({ label: t.inProgress, value: [t.since(formatDate(o.inProgressSince, lang))] });
  if (o.decision) fields.push({ label: 'ANSSI', value: [o.decisionUrl ? { link: o.decisionUrl, label: t.decision(o.decision) } : t.decision(o.decision)] });
  return [{ type: 'paragraph', content: [{ bold: nameOf(o) }] }, ...(fields.length ? [{ type: 'fields' as const, fields }] : [])];
}

function offerAlert(e: OfferEvent, lang: Lang, opts: AlertOptions = {}): Reply {
  const t = T[lang];
  const expired = e.kind === 'offer.expiring' && (e.reminder?.daysLeft ?? 0) < 0;
  // Another list's arrivals and departures name it: "New PASSI qualification" (SecNumCloud's words are unchanged).
  const list = e.offer.list ? listName(e.offer.list, lang, false) : undefined;
  const product = e.offer.list !== undefined && isProductList(e.offer.list);
  const title = product ? productTitle(e, lang, expired)
    : expired ? t.expired : list && e.kind === 'offer.added' ? t.listAdded(list) : list && e.kind === 'offer.removed' ? t.listRemoved(list) : t[e.kind];
  const blocks: Block[] = [{ type: 'heading', text: title }, ...offerBlocks(e.offer, lang), ...(product ? productChangeBlocks(e, lang) : [])];
  if (e.kind === 'offer.renamed' && e.previous) blocks.push({ type: 'context', content: [`${t.before}${t.colon}${nameOf(e.previous)}`] });
  // A service's removal whose end date had passed (decision 0025; products word it in their title).
  if (!product && e.kind === 'offer.removed' && e.reason === 'lapsed' && e.offer.qualifiedUntil) blocks.push({ type: 'context', content: [t.lapsed(formatDate(e.offer.qualifiedUntil, lang))] });
  if (e.kind === 'offer.updated' && e.changes?.length) blocks.push({ type: 'context', content: [`${t.changed}${t.colon}${e.changes.join(', ')}`] });
  if (e.reminder) {
    const d = e.reminder.daysLeft;
    blocks.push({ type: 'context', content: [d >= 0 ? t.endsIn(d) : t.endedAgo(-d)] });
  }
  if (e.wasInProgress) {
    blocks.push({ type: 'context', content: [`${t.wasInProgress}${e.wasInProgress.since ? ` ${t.since(formatDate(e.wasInProgress.since, lang))}` : ''}`] });
  }
  if (e.announced) {
    const a = e.announced;
    blocks.push({ type: 'context', content: [t.announced(formatDate(a.at.slice(0, 10), lang), a.sourceName ?? a.source), a.url ? { link: a.url, label: a.title } : a.title] });
  }
  if (opts.publicUrl) blocks.push({ type: 'context', content: [{ link: `${opts.publicUrl.replace(/\/+$/, '')}/providers/${providerSlug(e.offer.provider)}`, label: t.providerPage(e.offer.provider) }] });
  return { visibility: 'channel', tone: 'info', summary: `${title}${t.colon}${product ? productSummaryName(e.offer) : nameOf(e.offer)}`, blocks };
}

function newsAlert(e: NewsEvent, lang: Lang): Reply {
  const t = T[lang];
  const about = [...e.keywords, ...e.providers];
  const blocks: Block[] = [
    { type: 'heading', text: t['news.published'] },
    { type: 'paragraph', content: [e.item.url ? { link: e.item.url, label: e.item.title } : { bold: e.item.title }] },
  ];
  if (e.item.summary) blocks.push({ type: 'paragraph', content: [e.item.summary] });
  // Sources by their name, as people know them ("LeMagIT"); the id only when the sources file gives no name.
  const seenIn = e.seenIn.map((id) => (id === e.source && e.sourceName ? e.sourceName : id));
  blocks.push({ type: 'context', content: [`${t.seenIn}${t.colon}${seenIn.join(', ')}${about.length ? ` · ${t.about}${t.colon}${about.join(', ')}` : ''}`] });
  return { visibility: 'channel', tone: 'info', summary: `${t['news.published']}${t.colon}${e.item.title}`, blocks };
}

/**
 * A test alert: the alert of the change it shows (or of a catalogue offer), its heading and summary marked as a test
 * in words, and a line saying where it comes from and that it is not a new change.
 */
function testAlert(n: TestNotice, lang: Lang): Reply {
  const t = T[lang];
  const mark = (r: Reply, note: string): Reply => {
    const [heading, ...rest] = r.blocks;
    const title = heading?.type === 'heading' ? `${t.test} — ${heading.text}` : t.test;
    return { visibility: 'channel', tone: 'info', summary: `[Test] ${r.summary}`, blocks: [{ type: 'heading', text: title }, ...rest, { type: 'context', content: [note] }] };
  };
  if (n.basis === 'none') return { visibility: 'channel', tone: 'info', summary: `[Test] ${t.test}`, blocks: [{ type: 'heading', text: t.test }, { type: 'paragraph', content: [t.testNone] }] };
  if (n.basis === 'sample') {
    const blocks: Block[] = [{ type: 'heading', text: t.testSample }, ...offerBlocks(n.offer, lang)];
    return mark({ visibility: 'channel', tone: 'info', summary: `${t.testSample}${t.colon}${nameOf(n.offer)}`, blocks }, t.testSampleNote);
  }
  return mark(eventAlert(n.event, lang), n.basis === 'matching' ? t.testMatching : t.testLatest);
}

function noticeAlert(n: Notice, lang: Lang): Reply {
  const t = T[lang];
  if (n.type === 'test') return testAlert(n, lang);
  const text = n.type === 'provider-renamed' ? t.renamedNotice(n.from, n.to) : `[${t.ops}] ${t.disabledNotice(`${n.channel.platform}/${n.channel.channel}`, n.reason)}`;
  return { visibility: 'channel', tone: n.type === 'provider-renamed' ? 'info' : 'error', summary: text, blocks: [{ type: 'paragraph', content: [text] }] };
}

function eventAlert(e: ChangeEvent, lang: Lang, opts: AlertOptions = {}): Reply {
  if (e.kind === 'news.published') return newsAlert(e, lang);
  if ('offer' in e) return offerAlert(e, lang, opts);
  const text = `[${T[lang].ops}] ${e.kind} · ${e.summary}`;
  return { visibility: 'channel', tone: 'error', summary: text, blocks: [{ type: 'paragraph', content: [text] }] };
}

/** Many changes for one channel at once (a mass update of the catalogue): one message, one line each. */
function digestAlert(d: Digest, lang: Lang): Reply {
  const t = T[lang];
  const lists = d.digest.some(({ event }) => 'offer' in event && event.offer.list !== undefined);
  const title = lists ? t.digestLists(d.digest.length) : t.digest(d.digest.length);
  const items: Inline[][] = d.digest.map(({ event }) => {
    const r = eventAlert(event, lang);
    return [r.summary];
  });
  return { visibility: 'channel', tone: 'info', summary: title, blocks: [{ type: 'heading', text: title }, { type: 'list', items }] };
}

/**
 * What an alert says, in a language, platform-neutral: a heading that names the change in words (meaning is
 * never carried by colour or emoji alone), the facts, and a one-line summary for notifications and fallbacks.
 */
export function alertReply(item: SendItem, lang: Lang, opts: AlertOptions = {}): Reply {
  if ('digest' in item) return digestAlert(item, lang);
  return 'event' in item ? eventAlert(item.event, lang, opts) : noticeAlert(item.notice, lang);
}

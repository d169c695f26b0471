import { isOperatorEvent } from '../core/events.js';
import { matchKeywords } from '../core/keywords.js';
import { normalizeName } from '../core/normalize.js';
import { SERVICE_TYPES, type ServiceType } from '../core/offer.js';
import { ALL_LISTS, receives, subscriptionId, TOPICS, type Subscription, type Topic } from '../core/subscriptions.js';
import { optionValues, type ParsedCommand } from './args.js';
import { requireManage, type Ctx } from './context.js';
import { coverLines } from './describe-subscription.js';
import { CommandError, type Problem } from './errors.js';
import { catalogueListsOf, remindersOf, topicOf, typeOf } from './grammar.js';
import { LIST_WORDS } from '../core/list-names.js';
import { CATEGORY_LIST, isProductList } from '../core/tracks.js';
import { changeLine } from './history-line.js';
import { closestNames, exactProvider, providerList } from './providers.js';
import type { Block, Inline, Reply } from './reply.js';
import { channelReply, context, paragraph } from './replies.js';
import { RECENT_SCAN } from './test-alert.js';

/** How many recent changes the confirmation shows. */
const RECENT_SHOWN = 3;

/** The topics named by the words (`all` and no word at all: the three), in TOPICS order. */
function topicsOf(words: readonly string[]): Topic[] {
  const wanted = new Set<Topic>();
  for (const w of words) {
    const topic = topicOf(w);
    if (!topic) throw new CommandError({ kind: 'unknownTopic', word: w }, 'subscribe');
    for (const t of topic === 'all' ? TOPICS : [topic]) wanted.add(t);
  }
  return wanted.size === 0 ? [...TOPICS] : TOPICS.filter((t) => wanted.has(t));
}

const distinct = (xs: readonly string[]): string[] => {
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(normalizeName(x)) && seen.add(normalizeName(x)));
};

/**
 * The provider filters, spelled as the catalogue or the "en cours" page prints them when the user's spelling
 * designates one exactly ("ovh", "OVHcloud" → OVH); any other name is kept as typed, since a provider not yet
 * qualified is the very case users subscribe for, with a note saying so and the closest known names.
 */
async function resolveProviders(typed: readonly string[], ctx: Ctx): Promise<{ providers: string[]; notes: Block[] }> {
  if (typed.length === 0) return { providers: [], notes: [] };
  const [{ offers }, entries, lists] = await Promise.all([ctx.deps.state.qualified(), ctx.deps.state.inProgress(), ctx.deps.state.lists()]);
  // Every list's names: a developer of the product lists (`catalogue:cspn provider:Stormshield`) is a known name too.
  const qualified = providerList([...offers, ...lists.flatMap((l) => l.offers)]);
  const pending = providerList(entries);
  const notes: Block[] = [];
  const providers = typed.map((name) => {
    const known = exactProvider(name, qualified);
    if (known) return known;
    const inProgress = exactProvider(name, pending);
    if (inProgress) {
      notes.push(paragraph(ctx.t.subscribe.inProgressOnly(inProgress)));
      return inProgress;
    }
    const close = closestNames(name, [...new Set([...qualified, ...pending])]);
    notes.push(paragraph(ctx.t.subscribe.unknownProvider(name), ...(close.length > 0 ? [' ', ctx.t.subscribe.closest(close)] : [])));
    return name;
  });
  return { providers: distinct(providers), notes };
}

/**
 * `type:` values (several per key, separated by commas or spaces: `type:IaaS,PaaS`), in SERVICE_TYPES order; they
 * filter offer events, so a subscription to news alone cannot take one.
 */
function typesOf(args: ParsedCommand, topics: readonly Topic[]): ServiceType[] {
  const words = optionValues(args, 'type').flatMap((v) => v.split(/[\s,;]+/u)).filter((w) => w !== '');
  const wanted = new Set(words.map((w) => {
    const type = typeOf(w);
    if (!type) throw new CommandError({ kind: 'badType', word: w }, 'subscribe');
    return type;
  }));
  if (wanted.size > 0 && !topics.some((t) => t !== 'news')) throw new CommandError({ kind: 'typeWithoutOffers' }, 'subscribe');
  return SERVICE_TYPES.filter((t) => wanted.has(t));
}

/**
 * `catalogue:` lists (several per key, like types), in the catalogue's order, or `all`; they choose which lists'
 * offer events come, so a subscription to news alone cannot take one. None: SecNumCloud, as before lists existed.
 */
function listsOf(args: ParsedCommand, topics: readonly Topic[]): string[] {
  const read = catalogueListsOf(optionValues(args, 'catalogue'));
  if ('unknown' in read) throw new CommandError({ kind: 'badList', word: read.unknown, known: Object.keys(LIST_WORDS) }, 'subscribe');
  if (read.lists.length > 0 && !topics.some((t) => t !== 'news')) throw new CommandError({ kind: 'listWithoutOffers' }, 'subscribe');
  return read.lists;
}

/** `category:` values as typed: several per key, separated by commas (`category:Pare-feu,Chiffreurs`). */
const categoryWords = (values: readonly string[]): string[] => distinct(values.flatMap((v) => v.split(/[,;]+/u)).map((w) => w.trim()).filter((w) => w !== ''));

/**
 * The product filters of a subscription, checked (chat and `subscriptions add` share them): `categories` choose
 * qualified products, so without lists they choose that list and with lists need it among them; `productReminders`
 * (`reminders:products`) needs the expiry topic and a product list, else it would change nothing, which a user would
 * not guess. A problem otherwise.
 */
export function productFilters(topics: readonly Topic[], lists: readonly string[], categories: readonly string[], productReminders: boolean): { lists: string[]; categories: string[]; productReminders: boolean } | { problem: Problem } {
  let chosen = [...lists];
  if (categories.length > 0) {
    if (!topics.some((t) => t !== 'news')) return { problem: { kind: 'categoryWithoutOffers' } };
    if (chosen.length === 0) chosen = [CATEGORY_LIST];
    else if (!chosen.includes(ALL_LISTS) && !chosen.includes(CATEGORY_LIST)) return { problem: { kind: 'categoryWithoutList' } };
  }
  if (productReminders) {
    if (!topics.includes('expiry')) return { problem: { kind: 'remindersWithoutExpiry' } };
    if (!chosen.includes(ALL_LISTS) && !chosen.some(isProductList)) return { problem: { kind: 'remindersWithoutProducts' } };
  }
  return { lists: chosen, categories: [...categories], productReminders };
}

/** `category:` and `reminders:` as typed, checked by productFilters. */
function productOptionsOf(args: ParsedCommand, topics: readonly Topic[], lists: readonly string[]): { lists: string[]; categories: string[]; productReminders: boolean } {
  const reminders = optionValues(args, 'reminders');
  for (const w of reminders) if (!remindersOf(w)) throw new CommandError({ kind: 'badReminders', word: w }, 'subscribe');
  const read = productFilters(topics, lists, categoryWords(optionValues(args, 'category')), reminders.length > 0);
  if ('problem' in read) throw new CommandError(read.problem, 'subscribe');
  return read;
}

/**
 * A note for each category no qualified product of the latest read edition is in (a typo, or a category ANSSI has not
 * used yet: the filter is kept either way), with the categories printed; none when that list is not read yet.
 */
async function categoryNotes(categories: readonly string[], ctx: Ctx): Promise<Block[]> {
  if (categories.length === 0) return [];
  const state = (await ctx.deps.state.lists()).find((l) => l.list === CATEGORY_LIST);
  if (!state?.read) return [];
  const known = [...new Set(state.offers.map((o) => o.category).filter((c): c is string => c !== undefined))];
  return categories
    .filter((c) => !known.some((k) => matchKeywords(k, [c]).length > 0))
    .map((c) => paragraph(ctx.t.subscribe.unknownCategory(c, known)));
}

/** `exclude:` words: they filter news, so a subscription without news cannot take one. */
function excludeOf(args: ParsedCommand, topics: readonly Topic[]): string[] {
  const words = distinct(optionValues(args, 'exclude'));
  if (words.length > 0 && !topics.includes('news')) throw new CommandError({ kind: 'excludeWithoutNews' }, 'subscribe');
  return words;
}

/** The last changes the subscription matches, newest first, or why there are none. */
async function recentBlocks(sub: Subscription, ctx: Ctx): Promise<Block[]> {
  const changes = await ctx.deps.state.latestChanges(RECENT_SCAN);
  const lines = changes
    .filter((e) => !isOperatorEvent(e) && receives({ ...sub, disabled: undefined }, e))
    .slice(0, RECENT_SHOWN)
    .map((e) => changeLine(e, ctx))
    .filter((l): l is Inline[] => l !== undefined);
  const { t } = ctx;
  if (lines.length > 0) return [paragraph({ bold: t.subscribe.recentHeading }), { type: 'list', items: lines }];
  return [paragraph(changes.length >= RECENT_SCAN ? t.subscribe.noneAmongLatest(RECENT_SCAN) : t.subscribe.noRecent)];
}

/**
 * `subscribe [all|qualifications|news|expiry]… [provider:<name>]… [keyword:<word>]… [type:<type>]… [exclude:<word>]…
 * [catalogue:<list>]… [category:<name>]… [reminders:products]`
 * (needs canManage). The confirmation says in words what the channel will receive, and shows the last changes the
 * subscription matches, so a channel sees at once what its alerts will be about.
 */
export async function subscribe(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  requireManage(ctx, 'subscribe');
  const topics = topicsOf(args.words);
  const types = typesOf(args, topics);
  const exclude = excludeOf(args, topics);
  const { lists, categories, productReminders } = productOptionsOf(args, topics, listsOf(args, topics));
  const [{ providers, notes }, categoryNotesBlocks] = await Promise.all([resolveProviders(optionValues(args, 'provider'), ctx), categoryNotes(categories, ctx)]);
  const keywords = distinct(optionValues(args, 'keyword'));
  const { channel, user } = ctx.inv;
  const sub: Subscription = {
    id: subscriptionId(channel, topics, providers, keywords, { types, exclude, lists, categories, productReminders }),
    channel,
    topics,
    providers,
    keywords,
    ...(types.length > 0 ? { types } : {}),
    ...(exclude.length > 0 ? { exclude } : {}),
    ...(lists.length > 0 ? { lists } : {}),
    ...(categories.length > 0 ? { categories } : {}),
    ...(productReminders ? { productReminders } : {}),
    createdAt: ctx.now.toISOString(),
    createdBy: user,
  };
  const { created, subscription } = await ctx.deps.subscriptions.add(sub);
  const [recent, paused] = await Promise.all([recentBlocks(subscription, ctx), ctx.deps.subscriptions.pausedSince(channel)]);
  const { t } = ctx;
  const head = created ? t.subscribe.created(subscription.id) : t.subscribe.exists(subscription.id);
  return channelReply(head, [
    paragraph(head),
    paragraph({ bold: t.cover.willReceive }),
    { type: 'list', items: coverLines(subscription, ctx) },
    ...notes,
    ...categoryNotesBlocks,
    ...recent,
    ...(paused ? [paragraph(t.subscribe.pausedNote)] : []),
    context(t.subscribe.idLabel, ' ', { code: subscription.id }),
  ]);
}

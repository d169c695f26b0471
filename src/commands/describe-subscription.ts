import { DEFAULT_REMINDER_WINDOWS } from '../core/expiry.js';
import { DEFAULT_KEYWORDS } from '../core/keywords.js';
import { listName } from '../core/list-names.js';
import { ALL_LISTS, TOPICS, type Subscription, type Topic } from '../core/subscriptions.js';
import { isProductList } from '../core/tracks.js';
import { dayOf, type Ctx } from './context.js';
import type { Inline } from './reply.js';

const SEP = ' — ';

/** The catalogue lists of a subscription in words: "lists PASSI (audit …) and PRIS (…)", or every list. */
function listsText(lists: readonly string[], ctx: Ctx): string {
  if (lists.includes(ALL_LISTS)) return ctx.t.cover.allLists;
  return ctx.t.cover.lists(lists.map((l) => listName(l, ctx.lang)));
}

/** Whether a subscription follows one of the product lists (or every list). */
const followsProducts = (sub: Pick<Subscription, 'lists'>): boolean => !!sub.lists?.some((l) => l === ALL_LISTS || isProductList(l));

/**
 * What a subscription brings to the channel, one line per topic, in the terms of `receives` (core): a
 * provider filter keeps what is about those providers (news: the items naming them); a keyword filter keeps
 * what names those words; a type filter keeps the offers of those types (qualifications and expiry, not news); an
 * exclusion drops the news naming those words; unfiltered news are the items that mention the sources' keywords
 * (the defaults are named: per-source keywords live in feeds/sources.json, outside the commands' reach).
 */
export function coverLines(sub: Pick<Subscription, 'topics' | 'providers' | 'keywords' | 'types' | 'exclude' | 'lists' | 'categories' | 'productReminders'>, ctx: Ctx): Inline[][] {
  const { cover } = ctx.t;
  const providers = sub.providers.length > 0;
  const line = (topic: Topic): string => {
    const base =
      topic === 'qualifications' ? cover.qualifications
      : topic === 'expiry' ? cover.expiry(DEFAULT_REMINDER_WINDOWS)
      : providers ? cover.newsByProviders(sub.providers)
      : cover.newsByKeywords(DEFAULT_KEYWORDS);
    const about = providers && topic !== 'news' ? [SEP, cover.aboutProviders(sub.providers)] : [];
    const naming = sub.keywords.length > 0 ? [SEP, cover.naming(sub.keywords)] : [];
    const listed = sub.lists?.length && topic !== 'news' ? [SEP, listsText(sub.lists, ctx)] : [];
    const typed = sub.types?.length && topic !== 'news' ? [SEP, cover.typesOnly(sub.types)] : [];
    const categories = sub.categories?.length && topic !== 'news' ? [SEP, cover.categoriesOnly(sub.categories)] : [];
    // Products' reminders are off unless asked (receives): a channel following products is told, and how to ask.
    const products = topic === 'expiry' && followsProducts(sub) ? [SEP, sub.productReminders ? cover.productReminders : cover.noProductReminders] : [];
    const except = sub.exclude?.length && topic === 'news' ? [SEP, cover.except(sub.exclude)] : [];
    return [base, ...listed, ...about, ...naming, ...typed, ...categories, ...products, ...except].join('');
  };
  return TOPICS.filter((t) => sub.topics.includes(t)).map((t) => [line(t)]);
}

/** One line for `subscriptions`: the id, the topics, the filters, and, in words, whether it is disabled. */
export function subscriptionLine(sub: Subscription, ctx: Ctx): Inline[] {
  const { t } = ctx;
  const topics = t.join(TOPICS.filter((x) => sub.topics.includes(x)).map((x) => t.topicNames[x]), 'and');
  const parts: string[] = [topics];
  if (sub.providers.length > 0) parts.push(t.cover.aboutProviders(sub.providers));
  if (sub.keywords.length > 0) parts.push(t.cover.naming(sub.keywords));
  if (sub.lists?.length) parts.push(listsText(sub.lists, ctx));
  if (sub.types?.length) parts.push(t.cover.typesOnly(sub.types));
  if (sub.categories?.length) parts.push(t.cover.categoriesOnly(sub.categories));
  if (sub.productReminders) parts.push(`${t.topicNames.expiry}${t.colon}${t.cover.productReminders}`);
  if (sub.exclude?.length) parts.push(t.cover.except(sub.exclude));
  const line: Inline[] = [{ code: sub.id }, SEP, parts.join(SEP)];
  if (!sub.disabled) return line;
  const day = dayOf(ctx, sub.disabled.at);
  return [...line, SEP, { bold: t.cover.disabled(sub.disabled.reason, day ? t.date(day) : sub.disabled.at) }];
}

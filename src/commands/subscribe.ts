import { normalizeName } from '../core/normalize.js';
import { subscriptionId, TOPICS, type Subscription, type Topic } from '../core/subscriptions.js';
import { optionValues, type ParsedCommand } from './args.js';
import { requireManage, type Ctx } from './context.js';
import { coverLines } from './describe-subscription.js';
import { CommandError } from './errors.js';
import { topicOf } from './grammar.js';
import { closestNames, exactProvider, providerList } from './providers.js';
import type { Block, Reply } from './reply.js';
import { channelReply, context, paragraph } from './replies.js';

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
  const [{ offers }, entries] = await Promise.all([ctx.deps.state.qualified(), ctx.deps.state.inProgress()]);
  const qualified = providerList(offers);
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

/** `subscribe [all|qualifications|news|expiry]… [provider:<name>]… [keyword:<word>]…` (needs canManage). */
export async function subscribe(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  requireManage(ctx, 'subscribe');
  const topics = topicsOf(args.words);
  const { providers, notes } = await resolveProviders(optionValues(args, 'provider'), ctx);
  const keywords = distinct(optionValues(args, 'keyword'));
  const { channel, user } = ctx.inv;
  const sub: Subscription = {
    id: subscriptionId(channel, topics, providers, keywords),
    channel,
    topics,
    providers,
    keywords,
    createdAt: ctx.now.toISOString(),
    createdBy: user,
  };
  const { created, subscription } = await ctx.deps.subscriptions.add(sub);
  const { t } = ctx;
  const head = created ? t.subscribe.created(subscription.id) : t.subscribe.exists(subscription.id);
  return channelReply(head, [
    paragraph(head),
    paragraph({ bold: t.cover.willReceive }),
    { type: 'list', items: coverLines(subscription, ctx) },
    ...notes,
    context(t.subscribe.idLabel, ' ', { code: subscription.id }),
  ]);
}

/**
 * `timeline <provider>`: the provider's last ten dated steps (src/core/provider-story.ts), oldest of them first, each
 * with its source's link, and a link to the provider's page when PUBLIC_URL is set. The provider is found the way
 * `status` finds one; the history is the latest TIMELINE_SCAN changes of the log.
 */
import type { ParsedCommand } from './args.js';
import type { Ctx } from './context.js';
import { CommandError } from './errors.js';
import { findProvider, providerList } from './providers.js';
import type { Inline, Reply } from './reply.js';
import { context, paragraph, privateReply } from './replies.js';
import { listName } from '../core/list-names.js';
import { providerStory, type StoryStep } from '../core/provider-story.js';

export const TIMELINE_STEPS = 10;
/** Changes read to build the story: enough for years of a provider's steps, bounded for a chat reply. */
export const TIMELINE_SCAN = 2000;

const SEP = ' — ';

function stepLine(s: StoryStep, ctx: Ctx): Inline[] {
  const { t } = ctx;
  const head: Inline[] = [`${t.date(s.date)}${SEP}`, { bold: t.timeline.kinds[s.kind] }, t.colon];
  if (s.kind === 'news') return [...head, s.source.url ? { link: s.source.url, label: s.title ?? '' } : (s.title ?? ''), ...(s.source.name ? [` (${s.source.name})`] : [])];
  const list = s.list && s.list !== 'secnumcloud' ? `${listName(s.list, ctx.lang, false)}${SEP}` : '';
  const extra: string[] = [];
  if (s.previous) extra.push(t.history.previously(s.previous.provider, s.previous.service ?? ''));
  if (s.until) extra.push(t.offer.until(s.until));
  if (s.recommendation) extra.push(t.timeline.recommendation(t.timeline.levels[s.recommendation.from ?? ''] ?? '?', t.timeline.levels[s.recommendation.to ?? ''] ?? '?'));
  const subject = `${list}${s.service ?? s.provider ?? ''}${extra.map((x) => `${SEP}${x}`).join('')}`;
  return [...head, s.source.url ? { link: s.source.url, label: subject } : subject];
}

export async function timeline(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  const query = args.words.join(' ').trim();
  if (!query) throw new CommandError({ kind: 'missingProvider' }, 'timeline');
  const { state } = ctx.deps;
  const [lists, inProgress, latest, sources] = await Promise.all([state.lists(), state.inProgress(), state.latestChanges(TIMELINE_SCAN), state.sources()]);
  const current = lists.flatMap((l) => l.offers);
  const events = [...latest].reverse();
  const fromLog = events.flatMap((e) => ('offer' in e ? [e.offer] : []));
  const names = providerList([...current, ...inProgress, ...fromLog]);
  const match = findProvider(query, names);
  if (match.kind === 'ambiguous') throw new CommandError({ kind: 'providerAmbiguous', query, candidates: match.candidates }, 'timeline');
  if (match.kind === 'none') throw new CommandError({ kind: 'providerNotFound', query, suggestions: match.suggestions, known: names }, 'timeline');
  const trackedSince = sources.map((s) => s.trustedSince).filter((x): x is string => x !== undefined).sort()[0];
  const story = providerStory({ provider: match.name, events, current, inProgress, timeZone: ctx.deps.timeZone, ...(trackedSince ? { trackedSince } : {}) });
  const { t } = ctx;
  const name = story?.name ?? match.name;
  const page = story && ctx.deps.publicUrl ? [context({ link: `${ctx.deps.publicUrl.replace(/\/+$/, '')}/providers/${story.slug}`, label: t.timeline.page })] : [];
  const since = story?.trackedSince ? [context(t.timeline.trackedSince(story.trackedSince.slice(0, 10)))] : [];
  const steps = story?.steps.slice(-TIMELINE_STEPS) ?? [];
  if (steps.length === 0) return privateReply(t.timeline.none(name), [paragraph(t.timeline.none(name)), ...since, ...page]);
  return privateReply(t.timeline.summary(name, steps.length), [
    { type: 'heading', text: t.timeline.heading(name) },
    { type: 'list', items: steps.map((s) => stepLine(s, ctx)) },
    ...since,
    ...page,
  ]);
}

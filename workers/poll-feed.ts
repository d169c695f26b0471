import type { NewsEvent } from '../src/core/events.js';
import { newsGroups } from '../src/core/news-events.js';
import { newsHeldEvent } from '../src/core/operator-events.js';
import type { FeedSourceConfig } from '../src/sources/schema.js';
import type { PollDeps, PollResult } from './poll-types.js';

/** How long a story stays "seen": beyond any feed's maxAge, so an item that drops out and comes back is not news. */
const SEEN_TTL_MS = 60 * 86_400_000;

/**
 * One poll of a news feed: a feed's first poll is a silent baseline; later, each item that names a keyword
 * or a catalogue provider, is recent enough and was never seen (in any feed) becomes one news.published, up to
 * the source's caps (maxNewsPerPoll, maxNewsPerDay): the excess is held for the operators (`accept` releases it).
 */
export async function pollFeed(deps: PollDeps, source: FeedSourceConfig, opts: { commit: boolean }): Promise<PollResult> {
  const feed = await deps.news.getFeed(source.id);
  const fetched = await deps.fetcher.fetch(source.url, feed.validators);
  const now = deps.clock();
  if (fetched.status === 'not-modified') {
    if (opts.commit) await deps.store.recordSuccess(source.id, now, source.name);
    return { outcome: 'unchanged', reason: fetched.reason };
  }
  const doc = await deps.parse(source, fetched.body, fetched.contentType);
  if (doc.records !== 'news') throw new Error(`${source.id}: the rss adapter returned no news items`);
  // Providers in the pipeline count too: "NumSpot before its qualification" is what users subscribe for.
  const known = [...(await deps.offersOf('qualified')), ...(await deps.offersOf('in_progress'))];
  const providers = [...new Set(known.map((o) => o.provider))];
  const baseline = feed.baselineAt === undefined;
  const groups = newsGroups({
    source: source.id,
    items: doc.items,
    baseline,
    now,
    maxAgeMs: source.maxAge,
    keywords: source.keywords,
    providers,
    ...(source.name ? { sourceName: source.name } : {}),
  });
  const caps = { perPoll: source.maxNewsPerPoll, perDay: source.maxNewsPerDay };
  if (!opts.commit) {
    const seen = await deps.news.seenAmong(groups.flatMap((g) => g.keys));
    const fresh = groups.filter((g) => g.event && !g.keys.some((k) => seen.has(k))).map((g) => g.event as NewsEvent);
    if (baseline) return { outcome: 'baseline', items: doc.items.length };
    const room = Math.max(0, Math.min(caps.perPoll, caps.perDay - (await deps.news.sentInDay(source.id, now))));
    return { outcome: 'news', items: doc.items.length, events: fresh.slice(0, room), held: Math.max(0, fresh.length - room) };
  }
  const validators = { ...fetched.validators, bodyHash: fetched.validators.bodyHash ?? '' };
  // One alert per flood: its id comes from the body that started it (the fetcher always hashes the body).
  const alert = newsHeldEvent(source.id, caps, validators.bodyHash || now.toISOString(), now.toISOString(), source.name);
  const { appended, held } = await deps.news.commitFeed(source.id, { validators, groups, ttlSeconds: Math.ceil(SEEN_TTL_MS / 1000), now, caps, alert });
  await deps.store.recordSuccess(source.id, now, source.name);
  if (baseline) return { outcome: 'baseline', items: doc.items.length };
  // The events actually stored: those whose story no other feed or earlier poll had claimed, within the caps.
  const sent = new Set(appended);
  const stored = groups.flatMap((g) => (g.event && sent.has(g.event.id) ? [g.event] : []));
  return { outcome: 'news', items: doc.items.length, events: stored, held: held.length };
}

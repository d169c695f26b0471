import type { ChangeEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import { channelKey, type ChannelRef, type Subscription } from '../../src/core/subscriptions.js';
import type { CommandDeps, Invocation, Lang, PauseState, SourceStatus, SubscriptionStore, ListState, TrackerState } from '../../src/commands/ports.js';
import { inlineText, type Reply } from '../../src/commands/reply.js';
import type { SourceConfig } from '../../src/sources/schema.js';
import { toSourceStatus } from '../../src/store/source-statuses.js';
import type { SourceHealth } from '../../src/store/source-store.js';
import { catalogueSnapshot } from './csv-offers.js';

/** The fixed "now" of command tests: Saturday 28 November 2026, 10:00 in Paris. */
export const NOW = new Date('2026-11-28T09:00:00Z');
export const TIME_ZONE = 'Europe/Paris';

/** A few "en cours de qualification" entries: NumSpot (the case users subscribe for), S3NS, and one of Cloud Temple. */
export const IN_PROGRESS: Offer[] = [
  { provider: 'NumSpot', service: 'NumSpot Cloud', types: ['PaaS', 'IaaS'], status: 'in_progress' },
  { provider: 'S3NS', service: 'PREMI3NS', types: ['PaaS', 'CaaS', 'IaaS'], status: 'in_progress' },
  { provider: 'Cloud Temple', service: 'Kubernetes managé', types: ['CaaS'], status: 'in_progress' },
];

/**
 * A source's status as TrackerState gives it, through the one state model (toSourceStatus), at NOW with
 * FAILING_AFTER 3: `interval` in hours (default 6).
 */
export function sourceStatus(
  s: { id: string; kind: SourceConfig['kind']; name?: string; enabled?: boolean; interval?: number },
  health: Partial<SourceHealth> = {},
  held = false,
  extra: Pick<SourceStatus, 'trustedSince'> = {},
): SourceStatus {
  const config = { id: s.id, kind: s.kind, enabled: s.enabled ?? true, interval: (s.interval ?? 6) * 3_600_000, ...(s.name ? { name: s.name } : {}) };
  return { ...toSourceStatus(config, { failures: 0, ...health }, held, NOW, 3), ...extra };
}

/** Sources in every state `status` describes: working, failing, held, never read; the lists' sources were read. */
export const SOURCES: SourceStatus[] = [
  sourceStatus({ id: 'anssi-catalogue', name: 'Catalogue ANSSI', kind: 'anssi-catalogue' }, { lastSuccessAt: '2026-11-28T06:00:00Z' }, false, { trustedSince: '2025-12-05T06:00:00Z' }),
  sourceStatus(
    { id: 'anssi-en-cours', name: 'ANSSI en cours', kind: 'anssi-page', interval: 12 },
    { lastSuccessAt: '2026-11-26T09:00:00Z', failures: 4, failingSince: '2026-11-26T21:00:00Z', lastError: 'GET https://cyber.gouv.fr/x?key=s3cr3t: HTTP 503' },
    false,
    { trustedSince: '2025-12-05T06:00:00Z' },
  ),
  sourceStatus({ id: 'lemagit', name: 'LeMagIT', kind: 'rss', interval: 1 }, { lastSuccessAt: '2026-11-28T08:30:00Z' }, true),
  sourceStatus({ id: 'new-feed', kind: 'rss', interval: 1 }),
];

const offer = (provider: string, service: string): Offer => {
  const found = catalogueSnapshot().offers.find((o) => o.provider === provider && o.service === service);
  if (!found) throw new Error(`fixture has no ${provider} / ${service}`);
  return found;
};
const outscale = offer('Outscale', 'IaaS');
const ovh = offer('OVH', 'Hosted Private Cloud powered by VMware');
const worldline = offer('Worldline', 'Worldline Cloud Services - Secured IaaS');
const numspot = IN_PROGRESS[0]!;
const base = { source: 'anssi-catalogue' };

/** Changes of several kinds, newest first, as TrackerState.latestChanges gives them. */
export const CHANGES: ChangeEvent[] = [
  { ...base, id: 'e6', kind: 'offer.expiring', detectedAt: '2026-11-28T05:00:00Z', offer: outscale, reminder: { window: 7, daysLeft: 2 } },
  {
    id: 'e5', kind: 'news.published', source: 'lemagit', detectedAt: '2026-11-27T14:00:00Z', keywords: ['NumSpot', 'SecNumCloud'], providers: [], seenIn: ['lemagit'],
    item: { id: 'n1', title: 'NumSpot <b>vise</b> SecNumCloud', url: 'https://example.org/numspot', source: 'lemagit' },
  },
  {
    ...base, id: 'e4', kind: 'offer.renewed', detectedAt: '2026-10-02T06:00:00Z', changes: ['qualifiedUntil'],
    offer: { ...ovh, qualifiedUntil: '2029-12-29' }, previous: ovh,
  },
  {
    ...base, id: 'e3', kind: 'offer.renamed', detectedAt: '2026-09-15T06:00:00Z', changes: ['service'],
    offer: worldline, previous: { ...worldline, service: 'Worldline Secured IaaS' },
  },
  { ...base, id: 'e2', kind: 'offer.added', detectedAt: '2026-07-03T06:00:00Z', offer: { ...numspot, status: 'qualified', qualifiedFrom: '2026-07-01', qualifiedUntil: '2029-07-01' }, wasInProgress: {} },
  { id: 'e1', kind: 'offer.in_progress', source: 'anssi-en-cours', detectedAt: '2026-03-10T06:00:00Z', offer: numspot },
];

/** SubscriptionStore in memory, with the Redis store's contract: same id twice → created false. */
export class MemorySubscriptionStore implements SubscriptionStore {
  readonly subs = new Map<string, Subscription[]>();
  readonly langs = new Map<string, Lang>();
  readonly paused = new Map<string, PauseState>();
  /** Changes the (absent) fan-out skipped, per paused channel: tests set it. */
  readonly skipped = new Map<string, number>();

  private of(channel: ChannelRef): Subscription[] {
    const key = channelKey(channel);
    if (!this.subs.has(key)) this.subs.set(key, []);
    return this.subs.get(key)!;
  }
  async add(sub: Subscription) {
    const existing = this.of(sub.channel).find((s) => s.id === sub.id);
    if (existing) return { created: false, subscription: existing };
    this.of(sub.channel).push(sub);
    return { created: true, subscription: sub };
  }
  async list(channel: ChannelRef) {
    return [...this.of(channel)];
  }
  async remove(channel: ChannelRef, id: string) {
    const subs = this.of(channel);
    const at = subs.findIndex((s) => s.id === id);
    if (at >= 0) subs.splice(at, 1);
    return at >= 0;
  }
  async removeAll(channel: ChannelRef) {
    return this.of(channel).splice(0).length;
  }
  async getLang(channel: ChannelRef) {
    return this.langs.get(channelKey(channel));
  }
  async setLang(channel: ChannelRef, lang: Lang) {
    this.langs.set(channelKey(channel), lang);
  }
  async pause(channel: ChannelRef, by: string | undefined, at: Date) {
    const existing = this.paused.get(channelKey(channel));
    if (existing) return { created: false, pause: existing };
    const pause = { at: at.toISOString(), ...(by ? { by } : {}) };
    this.paused.set(channelKey(channel), pause);
    this.skipped.set(channelKey(channel), 0);
    return { created: true, pause };
  }
  async resume(channel: ChannelRef) {
    const pause = this.paused.get(channelKey(channel));
    if (!pause) return undefined;
    this.paused.delete(channelKey(channel));
    return { pause, skipped: this.skipped.get(channelKey(channel)) ?? 0 };
  }
  async pausedSince(channel: ChannelRef) {
    return this.paused.get(channelKey(channel));
  }
}

export interface FakeState {
  offers?: Offer[];
  inProgress?: Offer[];
  sources?: SourceStatus[];
  changes?: ChangeEvent[];
  /** The other catalogue lists, as stored (SecNumCloud's is `offers`). */
  lists?: ListState[];
}

/** Command deps on the real December 2025 catalogue (16 offers), the entries, sources and changes above. */
export function fakeCommandDeps(over: FakeState = {}): CommandDeps & { subscriptions: MemorySubscriptionStore } {
  const state: TrackerState = {
    qualified: async () => ({ offers: over.offers ?? catalogueSnapshot().offers, edition: '2025-12-05' }),
    inProgress: async () => over.inProgress ?? IN_PROGRESS,
    sources: async () => over.sources ?? SOURCES,
    latestChanges: async (count) => (over.changes ?? CHANGES).slice(0, count),
    lists: async () => [{ list: 'secnumcloud', read: true, held: false, offers: over.offers ?? catalogueSnapshot().offers, edition: '2025-12-05' }, ...(over.lists ?? [])],
  };
  return { subscriptions: new MemorySubscriptionStore(), state, clock: () => NOW, timeZone: TIME_ZONE };
}

export const CHANNEL: ChannelRef = { platform: 'slack', workspace: 'T0001', channel: 'C0001' };

/** An invocation by a user who may manage the channel, unless `over` says otherwise. */
export const invocation = (over: Partial<Invocation> = {}): Invocation => ({ channel: CHANNEL, user: 'U0001', canManage: true, ...over });

/** Every text of a reply, one block or list item a line (headings, paragraphs, items, fields, context). */
export function replyText(reply: Reply): string {
  return reply.blocks
    .flatMap((b) => {
      switch (b.type) {
        case 'heading': return [b.text];
        case 'list': return b.items.map((item) => `• ${inlineText(item)}`);
        case 'fields': return b.fields.map((f) => `${f.label}: ${inlineText(f.value)}`);
        default: return [inlineText(b.content)];
      }
    })
    .join('\n');
}

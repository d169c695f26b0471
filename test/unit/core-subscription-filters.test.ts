import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NewsEvent, OfferEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import { planImport, subscriptionsDocumentSchema, toDocument } from '../../src/core/subscription-document.js';
import { receives, subscriptionId, type ChannelRef, type Subscription } from '../../src/core/subscriptions.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const ch: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C1' };
const offers = catalogueSnapshot().offers;
const byService = (service: string): Offer => offers.find((o) => o.service === service)!;
const iaas = byService('IaaS'); // Outscale: IaaS only
const saas = offers.find((o) => o.types.length === 1 && o.types[0] === 'SaaS')!;
const added = (o: Offer, previous?: Offer): OfferEvent => ({ id: o.service ?? '', kind: previous ? 'offer.updated' : 'offer.added', source: 'anssi-catalogue', detectedAt: '', offer: o, ...(previous ? { previous } : {}) });
const news = (title: string): NewsEvent => ({
  id: title, kind: 'news.published', source: 'lemagit', detectedAt: '', item: { id: title, title, source: 'lemagit' }, keywords: ['SecNumCloud'], providers: [], seenIn: ['lemagit'],
});
const sub = (over: Partial<Subscription>): Subscription => ({ id: 's000000', channel: ch, topics: ['qualifications', 'news', 'expiry'], providers: [], keywords: [], createdAt: '', ...over });

describe('type: and exclude: filters', () => {
  it('type:IaaS receives an IaaS qualification and not a SaaS one', () => {
    const s = sub({ types: ['IaaS'] });
    expect(receives(s, added(iaas))).toBe(true);
    expect(receives(s, added(saas))).toBe(false);
  });

  it('several types are alternatives; an offer that stops being of a type still concerns its followers', () => {
    expect(receives(sub({ types: ['SaaS', 'IaaS'] }), added(saas))).toBe(true);
    expect(receives(sub({ types: ['PaaS'] }), added(iaas))).toBe(false);
    expect(receives(sub({ types: ['SaaS'] }), added({ ...saas, types: ['PaaS'] }, saas))).toBe(true);
  });

  it('a type filter leaves news alone: news carry no service type', () => {
    expect(receives(sub({ types: ['IaaS'] }), news('SecNumCloud : un nouveau référentiel'))).toBe(true);
  });

  it('exclude: drops the news that name the word (whole word, case and accents ignored), and only news', () => {
    const s = sub({ exclude: ['recrutement'] });
    expect(receives(s, news('SecNumCloud : Recrutement massif chez NumSpot'))).toBe(false);
    expect(receives(s, news('SecNumCloud : recrutements'))).toBe(true);
    expect(receives(s, news('SecNumCloud : un nouveau référentiel'))).toBe(true);
    expect(receives(sub({ exclude: ['IaaS'] }), added(iaas))).toBe(true);
  });

  it('a stored subscription without the new fields keeps its meaning', () => {
    const stored = JSON.parse('{"id":"s5dae8b","channel":{"platform":"slack","workspace":"T0FAKE0001","channel":"C0LEGACY1"},"topics":["qualifications"],"providers":[],"keywords":[],"createdAt":"2026-01-05T08:00:00.000Z"}') as Subscription;
    expect(receives(stored, added(iaas))).toBe(true);
    expect(receives(stored, added(saas))).toBe(true);
  });
});

describe('subscription ids', () => {
  it('do not change for subscriptions without the new filters (ids computed by the version before them)', () => {
    const slack: ChannelRef = { platform: 'slack', workspace: 'T0FAKE0001', channel: 'C0LEGACY1' };
    const discord: ChannelRef = { platform: 'discord', workspace: '100000000000000001', channel: '200000000000000009' };
    expect(subscriptionId(slack, ['qualifications'], [], [])).toBe('s5dae8b');
    expect(subscriptionId(slack, ['news'], [], ['SecNumCloud'])).toBe('s91bda4');
    expect(subscriptionId(discord, ['qualifications', 'expiry'], ['Cumulus Français'], [])).toBe('s08272e');
    expect(subscriptionId(slack, ['qualifications'], [], [], { types: [], exclude: [] })).toBe('s5dae8b');
  });

  it('tell apart subscriptions that differ only by their types or exclusions, whatever the order or case', () => {
    const plain = subscriptionId(ch, ['qualifications'], [], []);
    const typed = subscriptionId(ch, ['qualifications'], [], [], { types: ['IaaS', 'PaaS'] });
    expect(typed).not.toBe(plain);
    expect(subscriptionId(ch, ['qualifications'], [], [], { types: ['PaaS', 'IaaS'] })).toBe(typed);
    const excluding = subscriptionId(ch, ['news'], [], [], { exclude: ['Recrutement'] });
    expect(excluding).not.toBe(subscriptionId(ch, ['news'], [], []));
    expect(subscriptionId(ch, ['news'], [], [], { exclude: ['recrutement'] })).toBe(excluding);
  });
});

describe('the subscriptions document', () => {
  const legacy = JSON.parse(readFileSync(new URL('../fixtures/subscriptions/export-v1.json', import.meta.url), 'utf8')) as unknown;

  it('reads an export taken before the upgrade, and writes it back unchanged', () => {
    const doc = subscriptionsDocumentSchema.parse(legacy);
    const plan = planImport({ subscriptions: [], languages: [], paused: [] }, doc);
    expect(plan.counts).toMatchObject({ channels: 2, added: 4, updated: 0, unchanged: 0, languagesSet: 1 });
    const again = toDocument(plan.subscriptions, plan.languages, [], new Date((legacy as { exportedAt: string }).exportedAt));
    expect(again).toEqual(legacy);
    expect(planImport({ subscriptions: plan.subscriptions, languages: plan.languages, paused: [] }, doc).counts).toMatchObject({ added: 0, updated: 0, unchanged: 4 });
  });

  it('is version 2 only when it uses what version 1 lacks (filters by type or exclusion, a paused channel)', () => {
    const typed: Subscription = { id: subscriptionId(ch, ['qualifications'], [], [], { types: ['IaaS'] }), channel: ch, topics: ['qualifications'], providers: [], keywords: [], types: ['IaaS'], createdAt: '2026-01-05T08:00:00.000Z' };
    const doc = toDocument([typed], [], [], new Date('2026-02-01T00:00:00Z'));
    expect(doc.version).toBe(2);
    expect(doc.channels[0]!.subscriptions[0]).toMatchObject({ types: ['IaaS'] });
    const paused = toDocument([], [], [{ channel: ch, at: '2026-02-01T00:00:00.000Z', by: 'U1' }], new Date('2026-02-01T00:00:00Z'));
    expect(paused).toMatchObject({ version: 2, channels: [{ channel: 'C1', paused: { at: '2026-02-01T00:00:00.000Z', by: 'U1' }, subscriptions: [] }] });
    expect(subscriptionsDocumentSchema.parse(JSON.parse(JSON.stringify(paused)))).toEqual(paused);
  });

  it('refuses the new fields in a document that says version 1, naming where', () => {
    const bad = structuredClone(legacy) as { channels: Array<{ subscriptions: Array<Record<string, unknown>> }> };
    bad.channels[0]!.subscriptions[0]!.types = ['IaaS'];
    const parsed = subscriptionsDocumentSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/version 2/);
  });
});

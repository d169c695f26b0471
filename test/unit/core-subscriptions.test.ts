import { describe, expect, it } from 'vitest';
import type { NewsEvent, OfferEvent, OperatorEvent } from '../../src/core/events.js';
import { receives, recipients, subscriptionId, type ChannelRef, type Subscription, type Topic } from '../../src/core/subscriptions.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const ch: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C1' };
const sub = (topics: Topic[], providers: string[] = [], keywords: string[] = [], channel = ch): Subscription => ({
  id: subscriptionId(channel, topics, providers, keywords), channel, topics, providers, keywords, createdAt: '2026-11-28T00:00:00Z',
});
const offers = catalogueSnapshot().offers;
const cloudTemple = offers.find((o) => o.provider === 'Cloud Temple')!;
const offer = (kind: OfferEvent['kind'], o = cloudTemple): OfferEvent => ({ id: kind, kind, source: 'anssi-catalogue', detectedAt: '', offer: o });
const news = (title: string, keywords: string[], providers: string[]): NewsEvent => ({
  id: title, kind: 'news.published', source: 'lemagit', detectedAt: '', item: { id: title, title, source: 'lemagit' }, keywords, providers, seenIn: ['lemagit'],
});

describe('which subscriptions receive an event', () => {
  it('maps topics to kinds: qualifications, news, expiry; operator events reach no subscriber', () => {
    expect(receives(sub(['qualifications']), offer('offer.added'))).toBe(true);
    expect(receives(sub(['qualifications']), offer('offer.in_progress'))).toBe(true);
    expect(receives(sub(['qualifications']), offer('offer.expiring'))).toBe(false);
    expect(receives(sub(['expiry']), offer('offer.expiring'))).toBe(true);
    const suspect: OperatorEvent = { id: 'x', kind: 'source.suspect', source: 'anssi-catalogue', detectedAt: '', summary: '' };
    expect(receives(sub(['qualifications', 'news', 'expiry']), suspect)).toBe(false);
  });

  it('filters on providers however they are spelled, before and after a rename', () => {
    expect(receives(sub(['qualifications'], ['cloud temple']), offer('offer.added'))).toBe(true);
    expect(receives(sub(['qualifications'], ['OVH']), offer('offer.added'))).toBe(false);
    const renamed: OfferEvent = { ...offer('offer.renamed', { ...cloudTemple, provider: 'Temple Cloud' }), previous: cloudTemple };
    expect(receives(sub(['qualifications'], ['Cloud Temple']), renamed)).toBe(true);
  });

  it('gives unfiltered news subscriptions only keyword matches, provider filters the items naming them', () => {
    const providerOnly = news('OVH recrute à Roubaix', [], ['OVH']);
    expect(receives(sub(['news']), providerOnly)).toBe(false);
    expect(receives(sub(['news'], ['OVH']), providerOnly)).toBe(true);
    expect(receives(sub(['news']), news('SecNumCloud : du nouveau', ['SecNumCloud'], []))).toBe(true);
  });

  it('lets a provider filter catch news about a provider the catalogue does not list yet', () => {
    const item = news('S3NS obtient un jalon de sa qualification', ['qualification ANSSI'], []);
    expect(receives(sub(['news'], ['S3NS']), item)).toBe(true);
    expect(receives(sub(['news'], ['Bleu']), item)).toBe(false);
  });

  it('keeps keyword filters to whole words of the offer or the item', () => {
    expect(receives(sub(['qualifications'], [], ['Openshift']), offer('offer.added', offers.find((o) => o.service === 'PaaS Openshift')!))).toBe(true);
    expect(receives(sub(['qualifications'], [], ['Kubernetes']), offer('offer.added'))).toBe(false);
  });

  it('sends to each channel once, whatever the number of its matching subscriptions, and never to a disabled one', () => {
    const other: ChannelRef = { ...ch, channel: 'C2' };
    const subs = [sub(['qualifications']), sub(['qualifications'], ['Cloud Temple']), sub(['qualifications'], [], [], other)];
    expect(recipients(subs, offer('offer.added')).map((c) => c.channel)).toEqual(['C1', 'C2']);
    const disabled = { ...sub(['qualifications'], [], [], other), disabled: { reason: 'gone', at: '' } };
    expect(recipients([disabled], offer('offer.added'))).toEqual([]);
  });

  it('derives the same short id from the same filters, whatever their order or case', () => {
    expect(subscriptionId(ch, ['news', 'qualifications'], ['OVH', 'Cloud Temple'], [])).toBe(subscriptionId(ch, ['qualifications', 'news'], ['cloud temple', 'ovh'], []));
    expect(subscriptionId(ch, ['news'], [], [])).toMatch(/^s[0-9a-f]{6}$/);
  });
});

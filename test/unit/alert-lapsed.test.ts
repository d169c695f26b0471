import { describe, expect, it } from 'vitest';
import { alertReply } from '../../src/commands/alert.js';
import { inlineText } from '../../src/commands/reply.js';
import type { OfferEvent } from '../../src/core/events.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const offer = { ...catalogueSnapshot().offers[0]!, qualifiedUntil: '2026-11-30' };
const removed = (reason?: 'lapsed'): OfferEvent => ({ id: 'r', kind: 'offer.removed', source: 'anssi-catalogue', detectedAt: '2026-12-05T08:00:00.000Z', offer, ...(reason ? { reason } : {}) });
const contexts = (e: OfferEvent, lang: 'fr' | 'en'): string[] =>
  alertReply({ deliveryId: 'd', event: e }, lang).blocks.flatMap((b) => (b.type === 'context' ? [inlineText(b.content)] : []));

describe('a SecNumCloud removal whose end date had passed', () => {
  it('says the qualification lapsed, with its end date, in both languages', () => {
    expect(contexts(removed('lapsed'), 'fr')).toContain("Sa qualification a pris fin le 30/11/2026 : échue, elle n'est plus listée.");
    expect(contexts(removed('lapsed'), 'en')).toContain('Its qualification ended on 2026-11-30: lapsed, it is no longer listed.');
  });
  it('says nothing of the kind for a plain removal', () => {
    expect(contexts(removed(), 'en').some((c) => /lapsed/.test(c))).toBe(false);
    expect(contexts(removed(), 'fr').some((c) => /échue/.test(c))).toBe(false);
  });
});

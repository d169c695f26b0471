/** The "first announced" line of a qualification alert, on the provider history (real editions, page and news). */
import { beforeAll, describe, expect, it } from 'vitest';
import { alertReply } from '../../src/commands/alert.js';
import type { NewsEvent, OfferEvent } from '../../src/core/events.js';
import { markAnnounced } from '../../src/core/first-announced.js';
import { formatConsole } from '../../src/platforms/console/format.js';
import { providerHistory, type History } from '../support/provider-history.js';

let h: History;
let news: NewsEvent[];
let added: OfferEvent;
beforeAll(async () => {
  h = await providerHistory();
  news = h.events.filter((e): e is NewsEvent => e.kind === 'news.published');
  added = h.events.find((e): e is OfferEvent => e.kind === 'offer.added' && e.offer.provider === 'NumSpot')!;
});

describe('markAnnounced', () => {
  it("attaches to NumSpot's qualification the earliest article naming it, though its news event named no provider", () => {
    const [marked] = markAnnounced([added], news);
    expect(marked?.announced).toEqual({
      title: expect.stringMatching(/^Banque des Territoires : NumSpot recrute/), url: expect.stringMatching(/^https:\/\/news\.google\.com\//),
      at: '2025-11-14T09:30:00.000Z', source: 'google-news-numspot', sourceName: 'Google Actualités',
    });
    // The id does not change: the announcement is not part of it.
    expect(marked?.id).toBe(added.id);
  });

  it('leaves other kinds, and a qualification more than twelve months after the news, without one', () => {
    const late = { ...added, detectedAt: '2027-01-15T06:00:00Z' };
    expect(markAnnounced([late], news)[0]).not.toHaveProperty('announced');
    const renewed = h.events.find((e): e is OfferEvent => e.kind === 'offer.renewed')!;
    expect(markAnnounced([renewed], news)[0]).toBe(renewed);
  });
});

describe('the qualification alert', () => {
  it('says in one line when and where the provider was first announced, with the link', () => {
    const [marked] = markAnnounced([added], news);
    const reply = alertReply({ event: marked! } as Parameters<typeof alertReply>[0], 'fr');
    const line = reply.blocks.at(-1)!;
    expect(line.type === 'context' && line.content).toEqual([
      'Annoncée pour la première fois le 14/11/2025 (Google Actualités) : ',
      { link: expect.stringMatching(/^https:\/\/news\.google\.com\//), label: expect.stringMatching(/^Banque des Territoires : NumSpot recrute/) },
    ]);
    expect(formatConsole(marked!, 'en')).toMatch(/First announced on 2025-11-14 \(Google Actualités\): Banque des Territoires : NumSpot recrute/);
  });
});

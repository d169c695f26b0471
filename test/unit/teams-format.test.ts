import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { alertReply } from '../../src/commands/alert.js';
import type { SendItem } from '../../src/core/delivery.js';
import type { ChangeEvent, NewsEvent, OfferEvent } from '../../src/core/events.js';
import { escapeMarkdown, toTeamsMessage } from '../../src/platforms/teams/format.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { TEAMS_MAX_BYTES } from '../emulators/teams/index.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(new URL('../emulators/teams/adaptive-card-subset.schema.json', import.meta.url), 'utf8')) as object);

const offers = catalogueSnapshot().offers;
const at = '2026-12-01T09:00:00.000Z';
const offer = (i: number): OfferEvent['offer'] => offers[i]!;
const events: ChangeEvent[] = [
  { id: 'a', kind: 'offer.added', source: 'anssi-catalogue', detectedAt: at, offer: offer(0) },
  { id: 'b', kind: 'offer.removed', source: 'anssi-catalogue', detectedAt: at, offer: offer(1) },
  { id: 'c', kind: 'offer.renamed', source: 'anssi-catalogue', detectedAt: at, offer: { ...offer(2), provider: 'Nouveau nom' }, previous: offer(2), changes: ['provider'] },
  { id: 'd', kind: 'offer.renewed', source: 'anssi-catalogue', detectedAt: at, offer: { ...offer(3), qualifiedUntil: '2030-01-01' }, previous: offer(3), changes: ['qualifiedUntil'] },
  { id: 'e', kind: 'offer.expiring', source: 'anssi-catalogue', detectedAt: at, offer: offer(4), reminder: { window: 30, daysLeft: 12 } },
  { id: 'f', kind: 'offer.in_progress', source: 'anssi-en-cours', detectedAt: at, offer: { ...offer(5), status: 'in_progress' } },
  {
    id: 'g', kind: 'news.published', source: 'lemagit', detectedAt: at, keywords: ['SecNumCloud'], providers: [], seenIn: ['lemagit'],
    item: { id: 'g', source: 'lemagit', title: 'SecNumCloud [clic](https://evil.example) **gras**', url: 'https://presse.example/a b)c' },
  } as NewsEvent,
];

describe('Teams rendering', () => {
  it('escapes every character Markdown could read in text from a source', () => {
    expect(escapeMarkdown('[x](https://e.example) **g** _i_ # t\n- l 1. n <b> ~s~ a|b `c`')).toBe(
      '\\[x\\]\\(https://e\\.example\\) \\*\\*g\\*\\* \\_i\\_ \\# t\n\\- l 1\\. n \\<b\\> \\~s\\~ a\\|b \\`c\\`',
    );
  });

  it('renders every kind of alert, and a digest, as a card the schema accepts, in both languages', () => {
    const items: SendItem[] = [
      ...events.map((event, i): SendItem => ({ deliveryId: `dl${i}`, event })),
      { deliveryId: 'dg', digest: events.map((event, i) => ({ deliveryId: `m${i}`, event })) } as SendItem,
    ];
    for (const lang of ['fr', 'en'] as const) {
      for (const item of items) {
        const message = toTeamsMessage(alertReply(item, lang, { publicUrl: 'https://veille.example.fr' }), lang);
        const ok = validate(message);
        expect(ok ? '' : ajv.errorsText(validate.errors)).toBe('');
        expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(TEAMS_MAX_BYTES);
      }
    }
  });

  it('keeps a hostile news title as text and makes no link but ours', () => {
    const message = toTeamsMessage(alertReply({ deliveryId: 'n', event: events[6]! }, 'fr'), 'fr');
    // Only TextBlocks are read as Markdown (the summary and fallback text are plain text).
    const card = (message.attachments as Array<{ content: { body: Array<{ text?: string }> } }>)[0]!.content;
    const body = JSON.stringify(card.body);
    expect(body).not.toContain('](https://evil.example)');
    expect(body).toContain('\\\\[clic\\\\]');
    // The item's own link is kept, with what would end it encoded.
    expect(body).toContain('(https://presse.example/a%20b%29c)');
  });
});

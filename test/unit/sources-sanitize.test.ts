/**
 * Text from sources is made safe to display once, at the adapter edge (issue 14, finding 5): controls, bidi
 * overrides and isolates, zero-width characters removed, lengths capped; and a long label is cut before it is
 * wrapped in a platform's markup, which therefore always closes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertReply } from '../../src/commands/alert.js';
import type { NewsEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import { DISCORD_LIMITS, embedChars, toDiscord } from '../../src/platforms/discord/format.js';
import { toSlack } from '../../src/platforms/slack/format.js';
import { loadAdapter } from '../../src/sources/registry.js';
import { ID_MAX, sanitizeDocument, sanitizeText, TEXT_CAPS, URL_MAX } from '../../src/sources/sanitize.js';

/** Every character the sanitiser removes: C0/C1 controls and DEL, bidi controls, zero-width characters. */
const INVISIBLE = [
  ...'\u0000\u0001\u0008\u000e\u001b\u001f\u007f\u0080\u009b\u009f',
  ...'\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c',
  ...'\u200b\u200c\u200d\u2060\ufeff',
];
const ANY_INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u;
const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('sanitizeText', () => {
  it('removes every control, bidi and zero-width character, one at a time and all together', () => {
    for (const c of INVISIBLE) expect(sanitizeText(`a${c}b`), JSON.stringify(c)).toBe('ab');
    expect(sanitizeText(`Cloud${INVISIBLE.join('')} souverain`)).toBe('Cloud souverain');
  });

  it('turns line breaks and tabs into spaces, so the words on either side stay apart', () => {
    expect(sanitizeText(' a\tb\nc\r\nd\u2028e\u0085f \u200b')).toBe('a b c d e f');
  });

  it('keeps real text whole: accents, typographic quotes, emoji, right-to-left letters', () => {
    const real = 'Qualification « SecNumCloud » : l’offre d’OVHcloud 🇫🇷 — مرحبا';
    expect(sanitizeText(real)).toBe(real);
  });

  it('caps a long text with an ellipsis, never between the halves of a surrogate pair', () => {
    expect(sanitizeText('x'.repeat(5000), 300)).toBe(`${'x'.repeat(299)}…`);
    const emoji = sanitizeText(`${'x'.repeat(298)}🇫🇷🇫🇷`, 300);
    expect(emoji.length).toBeLessThanOrEqual(300);
    expect(emoji).toMatch(/^x{298}…$/);
    expect(sanitizeText('\u200b'.repeat(10_000) + 'ok', 300)).toBe('…'); // past the scan limit: cut, never scanned whole
  });
});

describe('every source kind comes out sanitised (registry)', () => {
  it('rss: title, summary and url of an item are clean, and an over-long title is capped', async () => {
    const title = `Cloud\u202Eeviv\u202C\u200B de confiance\u2066 ${'long '.repeat(200)}`;
    const xml = `<rss version="2.0"><channel><item><title>${title}</title><link>https://exemple.fr/a</link><description>r\u200bé\u202esumé</description><guid>g1</guid></item><item><title>\u200b\u2060</title><guid>g2</guid></item></channel></rss>`;
    const adapter = await loadAdapter('rss');
    const doc = await adapter!.parse(encode(xml), { source: 'presse' });
    if (doc.records !== 'news') throw new Error('news expected');
    const [first, second] = doc.items;
    expect(first?.title.startsWith('Cloudeviv de confiance long long')).toBe(true);
    expect(first?.title.length).toBeLessThanOrEqual(TEXT_CAPS.title);
    expect(first?.title.endsWith('…')).toBe(true);
    expect(first?.summary).toBe('résumé');
    expect(second?.title).toBe('(sans titre)'); // invisible characters alone are no title
    expect(JSON.stringify(doc)).not.toMatch(ANY_INVISIBLE);
  });

  it('anssi-page: the provider and service of an en cours entry are clean', async () => {
    const html = readFileSync('test/fixtures/anssi-page/table.html', 'utf8').replace('NumSpot', 'Num&#x202E;Spot&#x200B;&#x1B;');
    const adapter = await loadAdapter('anssi-page');
    const doc = await adapter!.parse(encode(html), { source: 'anssi-page' });
    if (doc.records !== 'offers') throw new Error('offers expected');
    expect(doc.snapshot.offers[0]?.provider).toBe('NumSpot');
    expect(JSON.stringify(doc)).not.toMatch(ANY_INVISIBLE);
  });

  it('catalogue offers: every text field, an absurd URL dropped, an absurd id hashed, key order kept', () => {
    const offer: Offer = {
      provider: 'Acme\u202E', service: `S\u200Bervice ${'x'.repeat(1000)}`, types: ['IaaS'], qualifiedFrom: '2025-01-01',
      decision: '19\u200D51', decisionUrl: `https://exemple.fr/${'a'.repeat(URL_MAX)}`, status: 'qualified',
    };
    const doc = sanitizeDocument({ records: 'offers', snapshot: { source: 'anssi-catalogue', edition: '2025-12-05\u200F', offers: [offer] } });
    if (doc.records !== 'offers') throw new Error('offers expected');
    const [clean] = doc.snapshot.offers;
    expect(Object.keys(clean!)).toEqual(['provider', 'service', 'types', 'qualifiedFrom', 'decision', 'status']);
    expect(clean).toMatchObject({ provider: 'Acme', decision: '1951', types: ['IaaS'], qualifiedFrom: '2025-01-01' });
    expect(clean!.service?.length).toBe(TEXT_CAPS.service);
    expect(doc.snapshot.edition).toBe('2025-12-05');
    const news = sanitizeDocument({ records: 'news', items: [{ id: 'i'.repeat(ID_MAX + 1), title: 't', source: 's' }] });
    expect(news.records === 'news' && news.items[0]?.id).toMatch(/^h-[0-9a-f]{32}$/);
  });
});

describe('a label is cut before it is wrapped in markup', () => {
  const event = (title: string): NewsEvent => ({
    id: 'n1', kind: 'news.published', source: 'presse', detectedAt: '', keywords: [], providers: [], seenIn: ['presse'],
    item: { id: 'n1', source: 'presse', title, url: 'https://presse.example/article?a=1&b=2' },
  });

  it('Slack: a title over 3,000 characters keeps its <url|label> link whole, within the section limit', () => {
    const msg = toSlack(alertReply({ deliveryId: 'd', event: event(`Cloud & souveraineté ${'mot '.repeat(900)}`) }, 'fr'));
    const texts = msg.blocks.flatMap((b) => {
      const text = (b as { text?: { type: string; text: string } }).text;
      return text?.type === 'mrkdwn' ? [text.text] : [];
    });
    const section = texts.find((t) => t.includes('presse.example'));
    expect(section).toBeDefined();
    expect(section!.length).toBeLessThanOrEqual(3000);
    expect(section).toMatch(/^<https:\/\/presse\.example\/article\?a=1&b=2\|Cloud &amp; souveraineté (mot )+[^<>|]*…>$/);
    for (const t of texts) expect(t.split('<').length, t.slice(0, 80)).toBe(t.split('>').length); // every link closes
  });

  it('Slack: a long paragraph is cut before a link it would halve, and never inside an &amp; escape', () => {
    const long = 'a'.repeat(2990);
    const msg = toSlack({ visibility: 'channel', tone: 'info', summary: `${long}&&&&`, blocks: [{ type: 'paragraph', content: [long, { link: 'https://x.example/', label: 'lien' }] }] });
    const text = (msg.blocks[0] as { text: { text: string } }).text.text;
    expect(text).toBe(`${long}…`);
    expect(msg.text).toMatch(/^a{2990}(&amp;)*…$/);
  });

  it('Discord: a 5,000-character title becomes a masked link whose markup closes, within every embed limit', () => {
    const msg = toDiscord(alertReply({ deliveryId: 'd', event: event(`Cloud ${'mot '.repeat(1250)}`) }, 'fr'));
    const [embed] = msg.embeds;
    expect(embed?.description?.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embedChars(embed!)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(embed?.description).toMatch(/^\[Cloud (mot )+[^\]]*…\]\(<https:\/\/presse\.example\/article\?a=1&b=2>\)/);
    expect(msg.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  });
});

import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { alertReply } from '../../src/commands/alert.js';
import type { Reply } from '../../src/commands/reply.js';
import type { NewsEvent } from '../../src/core/events.js';
import { DISCORD_LIMITS as L, embedChars, escapeDiscord, MAX_MESSAGES, toDiscord, toDiscordMessages, type DiscordMessage } from '../../src/platforms/discord/format.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const hostile = 'SecNumCloud @everyone <@123> [cliquez](https://evil.example) **gras** `code` @here';
const ZWSP = '\u200b';

function news(title: string, url: string, summary?: string): Reply {
  const e: NewsEvent = {
    id: 'n1', kind: 'news.published', source: 'lemagit', detectedAt: '', keywords: ['SecNumCloud'], providers: [], seenIn: ['lemagit'],
    item: { id: 'n1', source: 'lemagit', title, url, ...(summary ? { summary } : {}) },
  };
  return alertReply({ deliveryId: 'dl1', event: e }, 'fr');
}

/** Every text of a message that Discord renders, as one string. */
const texts = (m: DiscordMessage): string =>
  [m.content, ...m.embeds.flatMap((e) => [e.title, e.description, e.footer?.text, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].join('\n');

/** Asserts every Discord limit on one message. */
function expectWithinLimits(m: DiscordMessage): void {
  expect(m.content.length).toBeLessThanOrEqual(L.content);
  expect(m.content).not.toContain('\n');
  expect(m.embeds.length).toBeLessThanOrEqual(L.embeds);
  for (const e of m.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(L.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(L.description);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(L.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(L.fieldName);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(L.fieldValue);
    }
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(L.footer);
  }
  expect(m.embeds.reduce((n, e) => n + embedChars(e), 0)).toBeLessThanOrEqual(L.embedTotal);
  expect(m.allowed_mentions).toEqual({ parse: [] });
}

describe('Discord rendering', () => {
  it('escapes text from a source so it cannot mention, link, or format', () => {
    expect(escapeDiscord(hostile)).toBe(
      `SecNumCloud @${ZWSP}everyone \\<@123\\> \\[cliquez\\](https://evil.example) \\*\\*gras\\*\\* \\\`code\\\` @${ZWSP}here`,
    );
    expect(escapeDiscord('***** ~x~ a|b https://x.example/a_b_c')).toBe('\\*\\*\\*\\*\\* \\~x\\~ a\\|b https://x.example/a_b_c');
    expect(escapeDiscord('<#42> <@&7> \\[x](y)\n# titre\n> citation\n-# petit\n- puce')).toBe(
      '\\<#42\\> \\<@&7\\> \\\\\\[x\\](y)\n\\# titre\n\\> citation\n\\-# petit\n\\- puce',
    );
  });

  it('renders a hostile news title with no mention, no masked link of theirs, and mentions disallowed', () => {
    const m = toDiscord(news(hostile, 'https://presse.example/a b)c>d', '<@999> résumé @everyone'));
    const all = texts(m);
    for (const bad of ['@everyone', '@here', '<@123>', '<@999>', '[cliquez](', '**gras**', ' `code`']) expect(all).not.toContain(bad);
    // No masked link but ours: every '[' and ']' of theirs is escaped (or, in our link's label, made a parenthesis).
    expect(all.match(/(?<!\\)\[/g)).toHaveLength(1);
    expect(m.allowed_mentions).toEqual({ parse: [] });
    expect(m.content).toBe(`Actualité : ${escapeDiscord(hostile)}`);
    const [embed] = m.embeds;
    expect(embed?.title).toBe('Actualité');
    // Our own link is masked, its label escaped (brackets made parentheses) and its URL unable to close it.
    expect(embed?.description).toMatch(/^\[SecNumCloud @\u200beveryone \\<@123\\> \(cliquez\)\(https:\/\/evil\.example\) \\\*\\\*gras.*\]\(<https:\/\/presse\.example\/a%20b%29c%3Ed>\)\n\n\\<@999\\> résumé @\u200beveryone$/);
    expect(embed?.footer?.text).toBe('Source : lemagit · Mots-clés et fournisseurs : SecNumCloud');
  });

  it('keeps a link that is not http(s) as plain text', () => {
    const m = toDiscord(news('Cliquez ici', 'javascript:alert(1)'));
    expect(m.embeds[0]?.description).toBe('Cliquez ici');
  });

  it('renders a new qualification: one-line content, a title in words, fields and the decision as a masked link', () => {
    const offer = catalogueSnapshot().offers[0]!;
    const m = toDiscord(alertReply({ deliveryId: 'dl2', event: { id: 'e', kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '', offer } }, 'fr'));
    expect(m.content).toBe('Nouvelle qualification SecNumCloud : Cegedim — CegNumCloud Secured IaaS');
    expect(m.embeds).toHaveLength(1);
    const e = m.embeds[0]!;
    expect(e.title).toBe('Nouvelle qualification SecNumCloud');
    expect(e.description).toBe('**Cegedim — CegNumCloud Secured IaaS**');
    expect(e.fields).toEqual([
      { name: 'Types', value: 'IaaS', inline: true },
      { name: 'Validité', value: 'du 04/12/2024 au 04/12/2027', inline: true },
      { name: 'ANSSI', value: '[décision n° 1951](<https://messervices.cyber.gouv.fr/visas/2024_1951_np.pdf>)', inline: false },
    ]);
    expect(typeof e.color).toBe('number');
    expectWithinLimits(m);
  });

  const huge: Reply = {
    visibility: 'channel', tone: 'error', summary: `Résumé ${'s'.repeat(2500)}\nseconde ligne`,
    blocks: [
      { type: 'heading', text: 'H'.repeat(300) },
      { type: 'paragraph', content: ['mot '.repeat(2500)] },
      { type: 'fields', fields: Array.from({ length: 40 }, (_, i) => ({ label: `Champ ${i + 1}`, value: [`valeur ${i + 1}`] })) },
      { type: 'context', content: ['petits caractères'] },
    ],
  };

  it('keeps one message within every limit: 300-char heading, 10,000-char paragraph and 40 fields', () => {
    const m = toDiscord(huge);
    expectWithinLimits(m);
    expect(m.content).toMatch(/^Résumé s+…$/);
    const [first, second] = m.embeds as [APIEmbed, APIEmbed];
    expect(first.title).toBe(`${'H'.repeat(255)}…`);
    expect(first.description).toMatch(/^(mot )+mot…$/);
    expect(first.fields).toHaveLength(25);
    expect(second.fields).toHaveLength(15);
    expect(second.footer?.text).toBe('petits caractères');
  });

  it('splits a reply too large for one message into a few, the first carrying the summary', () => {
    const fat: Reply = { ...huge, blocks: huge.blocks.map((b) => (b.type === 'fields' ? { ...b, fields: b.fields.map((f) => ({ label: 'L'.repeat(300), value: ['v'.repeat(1500)] })) } : b)) };
    const ms = toDiscordMessages(fat);
    expect(ms.length).toBeGreaterThan(1);
    expect(ms.length).toBeLessThanOrEqual(MAX_MESSAGES);
    ms.forEach(expectWithinLimits);
    expect(ms[0]?.content).toMatch(/^Résumé/);
    expect(ms.slice(1).map((m) => m.content)).toEqual(ms.slice(1).map(() => ''));
    // Not everything fits in three messages: the last footer says so.
    expect(ms.at(-1)?.embeds.at(-1)?.footer?.text).toBe('petits caractères\n…');
    // And a single message of it still holds.
    expectWithinLimits(toDiscord(fat));
  });

  it('never cuts inside an escape sequence or a link', () => {
    const stars = toDiscord({ visibility: 'channel', tone: 'info', summary: '*'.repeat(3000), blocks: [{ type: 'paragraph', content: ['*'.repeat(5000)] }] });
    expect(stars.content).toMatch(/^(\\\*)+…$/);
    expect(stars.embeds[0]?.description).toMatch(/^(\\\*)+…$/);
    const longLink = toDiscord({ visibility: 'channel', tone: 'info', summary: 's', blocks: [{ type: 'paragraph', content: [{ link: 'https://a.example/x', label: '<'.repeat(3000) }] }] });
    const d = longLink.embeds[0]?.description ?? '';
    expect(d.length).toBeLessThanOrEqual(L.description);
    expect(d).toMatch(/^\[(\\<)+…\]\(<https:\/\/a\.example\/x>\)$/);
  });
});

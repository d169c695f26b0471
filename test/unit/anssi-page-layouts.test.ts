import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Offer } from '../../src/core/offer.js';
import { decide } from '../../src/core/trust.js';
import { anssiPageSettingsSchema, parseAnssiPage, readPage } from '../../src/sources/anssi-page/index.js';
import { sourcesFileSchema } from '../../src/sources/schema.js';

const page = (name: string): Uint8Array => readFileSync(new URL(`../fixtures/anssi-page/${name}`, import.meta.url));
const o = (provider: string, service: string, types: Offer['types'], since?: string): Offer => ({
  provider, service, types, status: 'in_progress', ...(since ? { inProgressSince: since } : {}),
});

/** The en cours source as shipped: enabled, no selectors, its guard. */
const shipped = (() => {
  const file = sourcesFileSchema.parse(JSON.parse(readFileSync(new URL('../../feeds/sources.json', import.meta.url), 'utf8')));
  const source = file.sources.find((s) => s.id === 'anssi-en-cours');
  if (source?.kind !== 'anssi-page') throw new Error('no anssi-en-cours source of kind anssi-page');
  return source;
})();

/** table.html and list.html, hand-checked (anssi-page.test.ts reads them with selectors). */
const EIGHT: Offer[] = [
  o('NumSpot', 'Plateforme NumSpot', ['PaaS', 'IaaS'], '2024-01-15'),
  o('OVH', 'Bare Metal Pod', ['IaaS'], '2023-09-12'),
  o('S3NS', 'PREMI3NS', ['PaaS', 'CaaS'], '2024-07-04'),
  o('S3NS', 'PREMI3NS Workspace', ['SaaS'], '2025-02-20'),
  o('Bleu', 'Plateforme Bleu', ['SaaS', 'PaaS', 'IaaS'], '2025-03-01'),
  o('Cloud Temple', 'Secure Temple – Kubernetes managé', ['CaaS'], '2025-06-30'),
  o('Docaposte', 'Hébergement de données de santé souverain', ['SaaS', 'IaaS'], '2024-11-18'),
  o('Wimi', 'Wimi Armoured', ['SaaS']),
];

/** The sixteen entries of the new layouts' fixtures (cards.html shows the first twelve), hand-checked. */
const SIXTEEN: Offer[] = [
  o('Adista', 'Cloud souverain Adista', ['IaaS'], '2025-02-03'),
  o('Bleu', 'Plateforme Bleu', ['SaaS', 'PaaS', 'IaaS'], '2025-03-01'),
  o('Cegedim.cloud', 'CegNumCloud Kubernetes', ['CaaS'], '2025-05-14'),
  o('Cloud Solutions (Wimi)', 'Wimi Armoured', ['SaaS'], '2024-09-20'),
  o('Ecritel', 'Ecritel Trusted Cloud', ['IaaS'], '2025-04-07'),
  o('Free Pro', 'Cloud souverain Free Pro', ['IaaS'], '2025-06-02'),
  o('GIP Mipih', 'Hébergement Mipih', ['PaaS', 'IaaS'], '2024-12-11'),
  o('ITS Integra', 'Cloud de confiance ITS', ['IaaS'], '2025-01-23'),
  o('NumSpot', 'Plateforme NumSpot', ['PaaS', 'IaaS'], '2024-01-15'),
  o('NumSpot', 'NumSpot Kubernetes managé', ['CaaS'], '2025-10-02'),
  o('Orange Business', 'Cloud Avenue SecNumCloud', ['IaaS'], '2025-07-08'),
  o('OVH', 'Bare Metal Pod', ['IaaS'], '2023-09-12'),
  o('Prolival', 'Prolival Cloud Souverain', ['IaaS'], '2024-10-30'),
  o('Scaleway', 'Scaleway Dedibox Souverain', ['IaaS'], '2025-06-16'),
  o('Scalingo', 'Scalingo PaaS', ['PaaS'], '2024-03-25'),
  o('Cloud Temple', 'Secure Temple – Kubernetes managé', ['CaaS'], '2025-06-30'),
];

describe('the en cours page with no selectors: the layout is recognised', () => {
  it.each([
    ['table.html', 'table', EIGHT],
    ['list.html', 'headings', EIGHT],
    ['table-rowspan.html', 'table', SIXTEEN],
    ['accordion.html', 'headings', SIXTEEN],
    ['definitions.html', 'definitions', SIXTEEN],
    ['cards.html', 'cards', SIXTEEN.slice(0, 12)],
  ] as const)('%s reads as the %s layout, into the hand-checked entries', async (file, layout, expected) => {
    const snapshot = await parseAnssiPage(page(file), shipped.settings);
    expect(snapshot.offers).toEqual(expected);
    expect(snapshot.reading?.layout).toBe(layout);
    // and the shipped guard takes it as a first baseline, alerting nobody
    expect(decide({ source: shipped.id, guard: shipped.guard, next: snapshot, bodyHash: 'h', now: new Date() }).action).toBe('baseline');
  });

  it('reads the ISO-8859-1 page with no selectors', async () => {
    expect((await parseAnssiPage(page('latin1.html'), {})).offers.map((x) => x.provider)).toEqual(['Thésée DataCenter', "Ateliers Numériques d'Armor"]);
  });

  it('resolves an entry\'s link against baseUrl', () => {
    const [numspot] = readPage(page('table.html'), { baseUrl: 'https://cyber.gouv.fr/offre-de-service/' }).entries;
    expect(numspot?.link).toBe('https://cyber.gouv.fr/fr/actualites/numspot-entre-en-qualification');
  });

  it('drops a call-to-action card from an accepted layout and names it', async () => {
    const { reading } = await parseAnssiPage(page('cards.html'), {});
    expect(reading?.dropped).toEqual([expect.stringMatching(/^"Devenir prestataire SecNumCloud \/ .*": provider is a call to action$/)]);
  });

  it('says which layouts it did not use and why', async () => {
    const { reading } = await parseAnssiPage(page('table.html'), {});
    expect(reading?.refused).toEqual(['headings: no heading in the page', 'cards: no card in the page', 'definitions: no definition list in the page']);
  });
});

describe('a page the extractor cannot trust is held at first sight, never a baseline', () => {
  it.each([
    ['unknown-layout.html', /headings: 1 heading\(s\), none followed by a list/],
    ['navigation-only.html', /headings: 3 of 3 entries do not look like entries .*navigation text/],
    ['empty.html', /cards: 2 of 2 entries do not look like entries .*call to action/],
    ['other-site.html', /table: 1 table\(s\), none with a provider and a service column \(headers: "Gamme \| vCPU/],
    ['blank.html', /the page never mentions SecNumCloud/],
  ])('%s: no entry, every layout refused with its reason, held with a source.suspect for the operators', async (file, why) => {
    const snapshot = await parseAnssiPage(page(file), shipped.settings);
    expect(snapshot.offers).toEqual([]);
    expect(snapshot.reading?.layout).toBeUndefined();
    const refused = snapshot.reading?.refused.join('\n') ?? '';
    expect(refused).toMatch(why);
    if (file !== 'blank.html') for (const layout of ['table', 'headings', 'cards', 'definitions']) expect(refused).toContain(`${layout}: `);
    const decision = decide({ source: shipped.id, guard: shipped.guard, next: snapshot, bodyHash: `h-${file}`, now: new Date() });
    expect(decision.action).toBe('hold');
    if (decision.action !== 'hold') return;
    expect(decision.alert?.kind).toBe('source.suspect');
    expect(decision.held.reasons[0]).toBe('0 rows, fewer than minRows 5');
    expect(decision.held.reasons[1]).toMatch(/^no layout recognised; layouts tried: /);
    expect(decision.held.reasons[1]).toMatch(why);
  });

  it('stays held however often the same page is seen: only accept lets a page below minRows through', async () => {
    const snapshot = await parseAnssiPage(page('unknown-layout.html'), shipped.settings);
    const at = (h: number) => new Date(Date.parse('2026-12-01T00:00:00Z') + h * 3_600_000);
    let d = decide({ source: shipped.id, guard: shipped.guard, next: snapshot, bodyHash: 'u', now: at(0) });
    for (const h of [12, 24, 36, 48, 240]) {
      if (d.action !== 'hold') break;
      d = decide({ source: shipped.id, guard: shipped.guard, held: d.held, next: snapshot, bodyHash: 'u', now: at(h) });
    }
    expect(d).toMatchObject({ action: 'hold', held: { sightings: expect.arrayContaining([at(240).toISOString()]) } });
    expect(d.action === 'hold' && d.alert).toBeFalsy(); // the operators were told once, at first sight
  });

  it('holds a page with too few plausible entries for a first baseline (minRows), naming the layout found', async () => {
    const snapshot = await parseAnssiPage(page('latin1.html'), shipped.settings);
    const decision = decide({ source: shipped.id, guard: shipped.guard, next: snapshot, bodyHash: 'h', now: new Date() });
    expect(decision.action).toBe('hold');
    if (decision.action === 'hold') expect(decision.held.reasons).toEqual(['2 rows, fewer than minRows 5', expect.stringMatching(/^layout found: table; layouts tried: headings: no heading/)]);
  });

  it('judges entries read with selectors too: navigation read as entries is refused', async () => {
    const nav = anssiPageSettingsSchema.parse({ selectors: { entry: 'li', provider: ':scope', service: 'a' } });
    const snapshot = await parseAnssiPage(page('navigation-only.html'), nav);
    expect(snapshot.offers).toEqual([]);
    expect(snapshot.reading?.refused[0]).toMatch(/^selectors: \d+ of \d+ entries do not look like entries/);
  });
});

describe('check shows how the page was read', () => {
  it('names the layout found, the layouts not used and each entry', async () => {
    const { describeReading } = await import('../../src/cli/poll-progress.js');
    const lines = describeReading('anssi-en-cours', await parseAnssiPage(page('cards.html'), {}));
    expect(lines[0]).toBe('anssi-en-cours: layout found: cards');
    expect(lines).toContain('anssi-en-cours:   not used: table: no table in the page');
    expect(lines).toContain('anssi-en-cours:   entry: NumSpot — Plateforme NumSpot (PaaS, IaaS), since 2024-01-15');
    expect(lines.filter((l) => l.includes('left out: "Devenir prestataire'))).toHaveLength(1);
    const held = describeReading('anssi-en-cours', await parseAnssiPage(page('unknown-layout.html'), {}));
    expect(held[0]).toBe('anssi-en-cours: layout found: none (the page will be held, never a baseline)');
  });
});

describe('page text quoted in the reasons', () => {
  it('shows no control, zero-width or bidirectional character (written as references: raw controls are refused as binary)', async () => {
    const body = '<html><body><main><h1>SecNumCloud</h1><table><thead><tr><th>Gamme&#x202e;&#7;</th><th>Prix</th></tr></thead></table>'
      + '<dl><dt>Accueil&#x200b;&#x202e;</dt><dd>Menu</dd></dl></main></body></html>';
    const { reading } = await parseAnssiPage(new TextEncoder().encode(body), {});
    const text = reading?.refused.join('\n') ?? '';
    expect(text).toContain('(headers: "Gamme | Prix")');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u200b\u202e]/);
  });
});

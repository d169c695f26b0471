import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Offer } from '../../src/core/offer.js';
import { SourceFormatError } from '../../src/sources/errors.js';
import {
  anssiPageSettingsSchema,
  DEFAULT_ANSSI_PAGE_SETTINGS,
  PageFormatError,
  parseAnssiPage,
  readPageEntries,
  selectorProblems,
  type AnssiPageSettings,
} from '../../src/sources/anssi-page/index.js';

const fixture = (path: string): Uint8Array => readFileSync(new URL(`../fixtures/${path}`, import.meta.url));
const page = (name: string) => fixture(`anssi-page/${name}`);
const html = (body: string) => new TextEncoder().encode(`<!DOCTYPE html><html><body><main>${body}</main></body></html>`);
const settings = (input: unknown): AnssiPageSettings => anssiPageSettingsSchema.parse(input);

/** The table layout as explicit selectors (what `{}` meant before layouts were recognised). */
const TABLE = settings({ selectors: {} });

const LIST = settings({
  selectors: { group: '.text-formatted h3', provider: ':scope', entry: 'li', service: 'strong', types: ':scope', since: ':scope', link: 'a' },
  baseUrl: 'https://cyber.gouv.fr/offre-de-service/',
});

const o = (provider: string, service: string, types: Offer['types'], since?: string): Offer => ({
  provider, service, types, status: 'in_progress', ...(since ? { inProgressSince: since } : {}),
});

/** What table.html and list.html both show, hand-checked. */
const EXPECTED: Offer[] = [
  o('NumSpot', 'Plateforme NumSpot', ['PaaS', 'IaaS'], '2024-01-15'),
  o('OVH', 'Bare Metal Pod', ['IaaS'], '2023-09-12'),
  o('S3NS', 'PREMI3NS', ['PaaS', 'CaaS'], '2024-07-04'),
  o('S3NS', 'PREMI3NS Workspace', ['SaaS'], '2025-02-20'),
  o('Bleu', 'Plateforme Bleu', ['SaaS', 'PaaS', 'IaaS'], '2025-03-01'),
  o('Cloud Temple', 'Secure Temple – Kubernetes managé', ['CaaS'], '2025-06-30'),
  o('Docaposte', 'Hébergement de données de santé souverain', ['SaaS', 'IaaS'], '2024-11-18'),
  o('Wimi', 'Wimi Armoured', ['SaaS']),
];

async function formatError(bytes: Uint8Array, s: AnssiPageSettings = DEFAULT_ANSSI_PAGE_SETTINGS): Promise<PageFormatError> {
  const err: unknown = await parseAnssiPage(bytes, s).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(PageFormatError);
  expect(err).toBeInstanceOf(SourceFormatError);
  const e = err as PageFormatError;
  expect(e.name).toBe('PageFormatError');
  expect(e.message).not.toContain('\n');
  return e;
}

describe('parseAnssiPage on the layouts the settings describe', () => {
  it('reads the DSFR table with the table selectors into exactly the hand-checked records', async () => {
    const snapshot = await parseAnssiPage(page('table.html'), TABLE);
    expect(snapshot).toMatchObject({ source: 'anssi-page', offers: EXPECTED, reading: { layout: 'selectors' } });
    // field by field: NBSP, <br>, doubled spaces folded; "¹", "<sup>2</sup>", "*" dropped; the note row skipped
    expect(snapshot.offers.map((x) => x.provider)).toContain('Cloud Temple');
    expect(snapshot.offers.some((x) => /[\u00a0¹²*]|\s{2}/.test(x.provider + x.service))).toBe(false);
  });

  it('reads the heading + list layout with its settings into the same records', async () => {
    expect((await parseAnssiPage(page('list.html'), LIST)).offers).toEqual(EXPECTED);
  });

  it('resolves an entry\'s link against baseUrl, outside the records', () => {
    const [numspot] = readPageEntries(page('list.html'), LIST);
    expect(numspot?.link).toBe('https://cyber.gouv.fr/fr/actualites/numspot-entre-en-qualification');
  });

  it('returns no offers, not an error, for the page after a redesign, whatever the layout', async () => {
    expect((await parseAnssiPage(page('empty.html'), TABLE)).offers).toEqual([]);
    expect((await parseAnssiPage(page('empty.html'), LIST)).offers).toEqual([]);
  });

  it('takes a provider from a container group (an accordion) as well as from a heading', async () => {
    const bytes = html(`<section class="fr-accordion"><h3>OVH</h3><ul><li>Bare Metal Pod (IaaS)</li></ul></section>
      <section class="fr-accordion"><h3>NumSpot</h3><ul><li>Plateforme NumSpot (PaaS / IaaS)</li></ul></section>`);
    const s = settings({ selectors: { group: '.fr-accordion', provider: 'h3', entry: 'li', service: ':scope', types: ':scope' } });
    expect((await parseAnssiPage(bytes, s)).offers).toEqual([
      o('OVH', 'Bare Metal Pod', ['IaaS']),
      o('NumSpot', 'Plateforme NumSpot', ['PaaS', 'IaaS']),
    ]);
  });

  it('skips rows without a provider or a service and keeps a repeated entry once', async () => {
    const rows = [['OVH', 'Bare Metal Pod'], ['', 'Orphan'], ['Wimi', '–'], ['ovh ', 'Bare  Metal\u00a0Pod (1)'], ['Wimi', 'Wimi Armoured']];
    const body = rows.map(([p, s]) => `<tr><td>${p}</td><td>${s}</td><td></td><td>en cours</td></tr>`).join('');
    expect((await parseAnssiPage(html(`<table><tbody>${body}</tbody></table>`), TABLE)).offers).toEqual([
      o('OVH', 'Bare Metal Pod', []),
      o('Wimi', 'Wimi Armoured', []),
    ]);
  });

  it('finds types as whole words only, and a date in a <time datetime>', async () => {
    const row = '<tr><th scope="row">Acme</th><td>Acme Cloud</td><td>IaaS+PaaS (hors SaaSify)</td><td><time datetime="2025-04-01">avril</time></td></tr>';
    expect((await parseAnssiPage(html(`<table>${row}</table>`), TABLE)).offers).toEqual([
      o('Acme', 'Acme Cloud', ['PaaS', 'IaaS'], '2025-04-01'),
    ]);
  });
});

describe('parseAnssiPage decoding', () => {
  it('decodes ISO-8859-1 declared by <meta charset>', async () => {
    expect((await parseAnssiPage(page('latin1.html'), DEFAULT_ANSSI_PAGE_SETTINGS)).offers).toEqual([
      o('Thésée DataCenter', 'Hébergement sécurisé « Forteresse »', ['IaaS'], '2025-12-03'),
      o("Ateliers Numériques d'Armor", 'Messagerie collaborative à chiffrement', ['SaaS'], '2025-10-15'),
    ]);
  });

  it('lets the Content-Type charset win over <meta>, and a BOM over both', async () => {
    const latin1 = Buffer.from('<html><head><meta charset="utf-8"></head><body><main><table><tr><td>Thésée</td><td>Hébergement</td></tr></table></main></body></html>', 'latin1');
    const names = async (bytes: Uint8Array, contentType?: string) =>
      (await parseAnssiPage(bytes, TABLE, contentType ? { contentType } : {})).offers.map((x) => x.provider);
    expect(await names(latin1, 'text/html; charset=ISO-8859-1')).toEqual(['Thésée']);
    expect(await names(latin1)).toEqual(['Th\ufffds\ufffde']); // meta says UTF-8: the bytes are not, as it is
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(new TextDecoder('latin1').decode(latin1), 'utf8')]);
    expect(await names(bom, 'text/html; charset=ISO-8859-1')).toEqual(['Thésée']);
  });
});

describe('parseAnssiPage refuses what is not an HTML page', () => {
  it('refuses the catalogue PDF in one line', async () => {
    expect((await formatError(fixture('anssi-catalogue/catalogue-anssi_2025-12-05.pdf'))).message).toBe('a PDF document, not an HTML page');
  });

  it('refuses an empty body, binary data and plain text', async () => {
    expect((await formatError(new Uint8Array())).message).toMatch(/^empty body/);
    expect((await formatError(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).message).toMatch(/^binary data/);
    expect((await formatError(new TextEncoder().encode('{"offers": []}'))).message).toMatch(/^not an HTML page: it starts with "\{"offers/);
  });
});

describe('anssi-page settings', () => {
  it('recognises the layout by default; a selectors object defaults to the table layout', () => {
    expect(settings({})).toEqual({});
    expect(TABLE).toEqual({
      selectors: {
        entry: 'main table tbody tr', provider: ':is(td, th):nth-child(1)', service: 'td:nth-child(2)',
        types: 'td:nth-child(3)', since: 'td:nth-child(4)',
      },
    });
    expect(settings({ selectors: { entry: '.fr-table tbody tr' } }).selectors?.service).toBe('td:nth-child(2)');
  });

  it('rejects an empty selector and a baseUrl that is not http(s)', () => {
    expect(anssiPageSettingsSchema.safeParse({ selectors: { service: '  ' } }).success).toBe(false);
    expect(anssiPageSettingsSchema.safeParse({ baseUrl: 'ftp://example.org/' }).success).toBe(false);
  });

  it('names a selector that is not valid CSS, before reading the page', async () => {
    const bad = settings({ selectors: { provider: 'td:nth-child(1' } });
    expect(selectorProblems(bad)).toEqual([expect.stringMatching(/^selectors\.provider "td:nth-child\(1" is not a valid CSS selector/)]);
    expect(selectorProblems(DEFAULT_ANSSI_PAGE_SETTINGS)).toEqual([]);
    expect((await formatError(page('empty.html'), bad)).message).toMatch(/^selectors\.provider "td:nth-child\(1"/);
  });
});

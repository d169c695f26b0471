/**
 * Product lists across two synthetic editions (test/support/edition-products.ts): categories unnumbered then
 * numbered, an empty category, a certificate in a new version, a maintenance report, a developer renamed, an end
 * date "Non maintenu", a certificate gone and a new one. Read exactly, and the diff gives one event per change
 * and none for the unchanged rows (decision 0023).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/core/diff.js';
import type { Offer } from '../../src/core/offer.js';
import { parseCatalogueLists, type CatalogueLists } from '../../src/sources/anssi-catalogue/index.js';
import { buildProductsEdition, expectedProducts } from '../support/edition-products.js';
import { runCli } from '../support/run-cli.js';

const IDS = ['cc', 'qualified-products'] as const;
let january: CatalogueLists;
let february: CatalogueLists;
let dir: string;

beforeAll(async () => {
  const [a, b] = await Promise.all([buildProductsEdition('january'), buildProductsEdition('february')]);
  dir = mkdtempSync(join(tmpdir(), 'products-test-'));
  writeFileSync(join(dir, 'february.pdf'), b);
  [january, february] = await Promise.all([parseCatalogueLists(a.slice(), IDS), parseCatalogueLists(b.slice(), IDS)]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const eventsOf = (id: (typeof IDS)[number]) =>
  diffSnapshots(
    { source: 'anssi-catalogue', list: id, edition: january.edition!, offers: january.lists[id]! },
    { source: 'anssi-catalogue', list: id, edition: february.edition!, offers: february.lists[id]! },
    { detectedAt: '2026-02-02T09:00:00.000Z' },
  );

describe('synthetic editions with product lists', () => {
  it.each(['january', 'february'] as const)('%s: every row read exactly, categories from the headings, numbered or not', (month) => {
    const doc = month === 'january' ? january : february;
    const want = expectedProducts(month);
    expect(doc.lists.cc).toEqual(want.cc);
    expect(doc.lists['qualified-products']).toEqual(want['qualified-products']);
    expect(doc.lists['qualified-products']!.map((o: Offer) => o.category)).toEqual(['Chiffreurs', 'Pare-feu']);
  });

  it('"Non maintenu" reads as maintained: false, without an end date', () => {
    const delta = february.lists.cc!.find((o) => o.certificate === 'ANSSI-CC-2020-07')!;
    expect(delta.maintained).toBe(false);
    expect(delta.qualifiedUntil).toBeUndefined();
  });

  it('cc: a new version renewed, "Non maintenu" and -M01 updated, a rename, one added, one removed; Alpha silent', () => {
    const got = eventsOf('cc').map((e) => [e.kind, e.offer.provider, e.offer.certificate]);
    expect(got).toEqual([
      ['offer.added', 'Eta Devices', 'ANSSI-CC-2026-01'],
      ['offer.removed', 'Theta', 'ANSSI-CC-2018-02'],
      ['offer.renamed', 'Epsilon Technologies', 'ANSSI-CC-2024-30'],
      ['offer.renewed', 'Beta Cards', 'ANSSI-CC-2021-18v2'],
      ['offer.updated', 'Delta Labs', 'ANSSI-CC-2020-07'],
      ['offer.updated', 'Gamma Systems', 'ANSSI-CC-2022-05-M01'],
    ]);
    const delta = eventsOf('cc').find((e) => e.offer.provider === 'Delta Labs')!;
    expect(delta.changes).toEqual(['qualifiedUntil', 'maintained']);
  });

  it('qualified products: the same rows under numbered headings give no event', () => {
    expect(eventsOf('qualified-products')).toEqual([]);
  });

  it('the command line: parse --list cc, and --list all with the product lists the edition prints', async () => {
    const one = await runCli(['parse', 'anssi-catalogue', join(dir, 'february.pdf'), '--list', 'cc']);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual({ source: 'anssi-catalogue', edition: '2026-02-02', list: 'cc', offers: february.lists.cc });
    const all = await runCli(['parse', 'anssi-catalogue', join(dir, 'february.pdf'), '--list', 'all']);
    expect(all.code, all.stderr).toBe(0);
    const lists = (JSON.parse(all.stdout) as { lists: Record<string, Offer[]> }).lists;
    expect(Object.keys(lists)).toEqual(['cc', 'qualified-products']);
    expect(lists['qualified-products']).toEqual(february.lists['qualified-products']);
  });
});

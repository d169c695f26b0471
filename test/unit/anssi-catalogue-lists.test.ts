/**
 * Every service list of the real December 2025 catalogue: the five hand-read lists field by field, SecNumCloud
 * with its recommendation, the identity and trust-service lists by row count and decision links.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Offer } from '../../src/core/offer.js';
import { parseCatalogueLists } from '../../src/sources/anssi-catalogue/index.js';
import { SERVICE_LIST_IDS, type ListId } from '../../src/sources/anssi-catalogue/list-specs.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { realCatalogueBytes } from '../support/editions.js';
import { listCsvRecords, serviceLinks } from '../support/list-csv.js';

let lists: Map<ListId, Offer[]>;
let edition: string | undefined;

beforeAll(async () => {
  const doc = await parseCatalogueLists(realCatalogueBytes(), SERVICE_LIST_IDS);
  lists = new Map(Object.entries(doc.lists) as [ListId, Offer[]][]);
  edition = doc.edition;
});

describe('the December 2025 service lists', () => {
  it('reads the edition date once for all lists', () => {
    expect(edition).toBe('2025-12-05');
  });

  it.each(['pacs', 'passi', 'pris', 'pdis', 'pams'] as const)('%s: exactly the hand-read rows, in table order', (id) => {
    const want = listCsvRecords(id);
    const got = lists.get(id)!;
    const label = (o: Offer): string => `${o.provider} | ${o.decision}`;
    expect(got.map(label)).toEqual(want.map(label));
    want.forEach((w, i) => expect(got[i], `${id} row ${i + 1} (${label(w)})`).toEqual(w));
  });

  it('secnumcloud: the 16 rows with their recommendation (Outscale orange), no list field', () => {
    expect(lists.get('secnumcloud')).toEqual(catalogueSnapshot().offers);
    expect(lists.get('secnumcloud')!.filter((o) => o.recommendation === 'moderate').map((o) => o.provider)).toEqual(['Outscale']);
  });

  const COUNTS: Partial<Record<ListId, number>> = {
    pvid: 4,
    mie: 4,
    'eidas-signature': 71,
    'eidas-seal': 46,
    'eidas-website': 13,
    'eidas-timestamp': 14,
    'eidas-signature-validation': 1,
    'eidas-seal-validation': 1,
    'eidas-signature-preservation': 1,
    'eidas-seal-preservation': 1,
    'eidas-registered-delivery': 9,
  };

  it.each(Object.entries(COUNTS))('%s: %i rows, each whole, each with its decision link and a recommendation', (id, count) => {
    const rows = lists.get(id as ListId)!;
    expect(rows).toHaveLength(count);
    for (const r of rows) {
      expect(r.list).toBe(id);
      expect(r.provider, JSON.stringify(r)).toMatch(/\S/);
      expect(r.service, JSON.stringify(r)).toMatch(/\S/);
      expect(r.types).toEqual([]);
      expect(r.decisionUrl, JSON.stringify(r)).toMatch(new RegExp(`^https://messervices\\.cyber\\.gouv\\.fr/visas/\\d{4}_${r.decision}_np\\.pdf$`));
      expect(r.recommendation).toMatch(/^(optimal|moderate|critical)$/);
      if (id !== 'mie') expect(r.oid, JSON.stringify(r)).toMatch(/^\d+(\.\d+)+$/);
    }
  });

  it('a service name split over pages 51 and 52 is read whole: the tail above the first decision of page 52 joins it', () => {
    const signature = lists.get('eidas-signature')!;
    const datasure = signature.filter((o) => o.provider === 'Datasure').map((o) => [o.decision, o.service]);
    expect(datasure).toEqual([
      ['2033', 'Datasure CA - eIDAS Qualified Identity+'],
      ['2030', 'Datasure CA - eIDAS Qualified Identity'],
      ['2025', 'Secusign - eIDAS Qualified Electronic Signature'],
    ]);
  });

  it('the decision links read are exactly the decision links printed on the service pages', () => {
    const visas = new Set(serviceLinks().filter((l) => /\/visas\//.test(l.uri)).map((l) => l.uri));
    const read = [...lists.values()].flat().map((o) => o.decisionUrl);
    expect(new Set(read)).toEqual(visas);
  });
});

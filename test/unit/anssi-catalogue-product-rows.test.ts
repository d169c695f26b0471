/**
 * The pure pieces of product rows (decision 0023): a capitals name cut mid-word, the version apart from the
 * product's name, and what makes a row a fragment of one split across pages.
 */
import { describe, expect, it } from 'vitest';
import { LIST_SPECS, type ColumnKey } from '../../src/sources/anssi-catalogue/list-specs.js';
import { isFragment, joinFragments, productRecord, splitVersion } from '../../src/sources/anssi-catalogue/product-records.js';
import { cellText, type ListRow } from '../../src/sources/anssi-catalogue/table-rows.js';

/** A line of `text` 6 pt wide per character in a cell `width` wide (its inner width is width - 5.6). */
const line = (text: string) => ({ text, width: text.length * 3.3 });

describe('cellText: a name in capitals cut at the cell edge', () => {
  it('glues a short capitals tail back ("GATEWATCHE" + "R", "INTERNATIO" + "NAL")', () => {
    expect(cellText([line('GATEWATCHE'), line('R')], 10 * 3.3 + 5.6, 'words')).toBe('GATEWATCHER');
    expect(cellText([line('ALE'), line('INTERNATIO'), line('NAL')], 10 * 3.3 + 5.6, 'words')).toBe('ALE INTERNATIONAL');
  });

  it('keeps a company form apart ("TECHNOLOGIES" + "INC"), and a word that does not fill the cell', () => {
    expect(cellText([line('NATIONS'), line('TECHNOLOGIES'), line('INC')], 12 * 3.3 + 5.6, 'words')).toBe('NATIONS TECHNOLOGIES INC');
    expect(cellText([line('TRUSTED'), line('COMPUTING'), line('GROUP')], 12 * 3.3 + 5.6, 'words')).toBe('TRUSTED COMPUTING GROUP');
  });
});

describe('splitVersion', () => {
  it.each([
    ['STREAM version 1.3.0', { service: 'STREAM', version: '1.3.0' }],
    ['Apple Pay on Watch series 4 version watchOS 7,2', { service: 'Apple Pay on Watch series 4', version: 'watchOS 7,2' }],
    ['Trackwatch 2.5.x', { service: 'Trackwatch 2.5.x' }],
    ['Panorama E2 version SP1 intégré à Panorama Suite 2022 SP1', { service: 'Panorama E2', version: 'SP1 intégré à Panorama Suite 2022 SP1' }],
    ['HP Sure Start version HP Sure Start Microcontroller P/N NPCX499HA0 in a 144 pin package', { service: 'HP Sure Start version HP Sure Start Microcontroller P/N NPCX499HA0 in a 144 pin package' }],
    ['PP version draft', { service: 'PP version draft' }],
  ])('%s', (name, want) => {
    expect(splitVersion(name)).toEqual(want);
  });
});

const cc = LIST_SPECS.cc;
const KEYS: ColumnKey[] = ['provider', 'service', 'level', 'sponsor', 'facility', 'productType', 'start', 'end', 'certificate', 'report', 'target'];
function row(cells: Partial<Record<ColumnKey, string[]>>, page = 5): ListRow {
  return {
    page,
    y: 100,
    cells: new Map(Object.entries(cells).map(([k, lines]) => [k as ColumnKey, (lines ?? []).map(line)])),
    widths: new Map(KEYS.map((k) => [k, 200])),
    links: new Map(),
  };
}
const WHOLE = {
  provider: ['APPLE'],
  service: ['Apple Pay'],
  start: ['08/01/2025'],
  end: ['08/01/2030'],
  certificate: ['ANSSI-CC-', '2024-41'],
  report: ['Lien vers le', 'rapport de', 'certification'],
  target: ['Lien vers la', 'cible de', 'sécurité'],
};

describe('fragments of a row split across pages', () => {
  it('a whole row is not a fragment, nor one whose developer cell is empty; "Non maintenu" is a whole end date', () => {
    expect(isFragment(row(WHOLE), cc)).toBe(false);
    expect(isFragment(row({ ...WHOLE, provider: [] }), cc)).toBe(false);
    expect(productRecord(row({ ...WHOLE, provider: [] }), cc, undefined).provider).toBe('');
    expect(isFragment(row({ ...WHOLE, end: ['Non', 'maintenu'] }), cc)).toBe(false);
  });

  it.each([
    ['a certificate id cut short', { certificate: ['ANSSI-CC-'] }],
    ['a date cut short', { end: ['08/01/203'] }],
    ['a link label cut mid-way', { report: ['Lien vers le'] }],
  ])('%s is a fragment', (_, over) => {
    expect(isFragment(row({ ...WHOLE, ...over }), cc)).toBe(true);
  });

  it('the two parts joined read as one record, cells in reading order', () => {
    const top = row({ provider: ['APPLE'], service: ['Apple Pay'], start: ['08/01/2025'], end: ['08/01/2030'], certificate: ['ANSSI-CC-'], report: ['Lien vers le'], target: ['Lien vers la'] }, 5);
    const bottom = row({ service: ['on Apple Watch'], certificate: ['2024-41'], report: ['rapport de', 'certification'], target: ['cible de', 'sécurité'] }, 6);
    expect(isFragment(top, cc) && isFragment(bottom, cc)).toBe(true);
    const whole = joinFragments(top, bottom);
    expect(isFragment(whole, cc)).toBe(false);
    expect(productRecord(whole, cc, undefined)).toMatchObject({ provider: 'APPLE', service: 'Apple Pay on Apple Watch', certificate: 'ANSSI-CC-2024-41', qualifiedUntil: '2030-01-08' });
  });
});

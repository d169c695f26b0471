/**
 * Keyword and provider matching: whole words, case and accents ignored, typographic apostrophes and
 * whitespace folded, provider aliases. Ends on the CERT-FR-like and LeMagIT-like fixtures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYWORDS, matchKeywords, namedProviders, normalizeText, PROVIDER_ALIASES, providerNames } from '../../src/core/keywords.js';
import { parseFeed } from '../../src/sources/rss/index.js';

const PROVIDERS = ['Cegedim', 'Cloud Temple', 'Index Education', 'OVH', 'Oodrive', 'Orange Business Services', 'Outscale', 'Whaller', 'Worldline'];
const matches = (text: string, keyword: string): boolean => matchKeywords(text, [keyword]).length === 1;

describe('normalizeText', () => {
  it.each([
    ['Sécurité', 'securite'],
    ['L’HDS', "l'hds"],
    ['« Cloud — de\u00a0 confiance »', '" cloud - de confiance "'],
    ['  Qualification\n\tANSSI  ', 'qualification anssi'],
    ['Œuvre, cœur, Ægir', 'oeuvre, coeur, aegir'],
    ['ﬁchier Ｓｅｃ', 'fichier sec'],
    ['İstanbul', 'istanbul'],
  ])('%j → %j', (input, want) => {
    expect(normalizeText(input)).toBe(want);
  });
});

describe('matchKeywords: word boundaries', () => {
  it.each(['HDS', "l'HDS", 'l’HDS', '(HDS)', 'HDS.', 'certifié HDS, puis', 'hds', 'HDS-compatible', '"HDS"'])('"HDS" is found in %j', (text) => {
    expect(matches(text, 'HDS')).toBe(true);
  });

  it.each(['HDSL', 'PHDS', 'HDS2', '2HDS', 'les offres SDSL et HDSL', 'éHDS', 'HDSé'])('"HDS" is not found in %j', (text) => {
    expect(matches(text, 'HDS')).toBe(false);
  });

  it('SecNumCloud followed by a version after a space matches; glued to letters or digits it does not', () => {
    expect(matches('le référentiel SecNumCloud 3.2', 'SecNumCloud')).toBe(true);
    expect(matches('#SecNumCloudFR', 'SecNumCloud')).toBe(false);
    expect(matches('SecNumCloud3', 'SecNumCloud')).toBe(false);
  });
});

describe('matchKeywords: case, accents, apostrophes, several words', () => {
  it('case: "qualification ANSSI" matches "Qualification Anssi" and "QUALIFICATION ANSSI"', () => {
    expect(matches('Obtenir la Qualification Anssi', 'qualification ANSSI')).toBe(true);
    expect(matches('QUALIFICATION ANSSI', 'qualification ANSSI')).toBe(true);
  });

  it('accents either way: "sécurité" matches "securite" and "SÉCURITÉ"; "securite" matches "Sécurité"', () => {
    expect(matches('la securite du cloud', 'sécurité')).toBe(true);
    expect(matches('LA SÉCURITÉ DU CLOUD', 'sécurité')).toBe(true);
    expect(matches('la Sécurité du cloud', 'securite')).toBe(true);
    expect(matches('la sécurisation', 'sécurité')).toBe(false);
  });

  it('a multi-word keyword matches across any whitespace: spaces, line breaks, no-break spaces', () => {
    for (const text of ['Cloud de Confiance', 'cloud  de\nconfiance', 'cloud\u00a0de\u202fconfiance', 'le « cloud de confiance »']) {
      expect(matches(text, 'cloud de confiance')).toBe(true);
    }
    expect(matches('cloud de confiances', 'cloud de confiance')).toBe(false);
    expect(matches('cloud de la confiance', 'cloud de confiance')).toBe(false);
  });

  it('apostrophes: a keyword written with ’ matches text written with \' and the reverse', () => {
    expect(matches("l'offre qualifiée", 'l’offre')).toBe(true);
    expect(matches('l’offre qualifiée', "l'offre")).toBe(true);
  });

  it('returns the keywords as given, in the order given; blank keywords and regex characters are harmless', () => {
    const text = 'NumSpot vise la qualification SecNumCloud (C++) et l’HDS.';
    expect(matchKeywords(text, DEFAULT_KEYWORDS)).toEqual(['SecNumCloud', 'NumSpot', 'HDS']);
    expect(matchKeywords(text, ['hds', 'NUMSPOT', '', '   ', 'C++', '(HDS)', '.*'])).toEqual(['hds', 'NUMSPOT', 'C++']);
  });

  it('DEFAULT_KEYWORDS is the list the product card names', () => {
    expect(DEFAULT_KEYWORDS).toEqual(['SecNumCloud', 'cloud de confiance', 'NumSpot', 'EUCS', 'HDS', 'qualification ANSSI']);
  });
});

describe('namedProviders and aliases', () => {
  it('"OVHcloud" names OVH through its alias; "OVH" alone too; the word rule alone would not', () => {
    expect(PROVIDER_ALIASES.OVH).toContain('OVHcloud');
    expect(namedProviders('OVHcloud étend son offre', PROVIDERS)).toEqual(['OVH']);
    expect(namedProviders('chez OVH, à Roubaix', PROVIDERS)).toEqual(['OVH']);
    expect(namedProviders('OVHCLOUD', PROVIDERS)).toEqual(['OVH']);
    expect(matchKeywords('OVHcloud', ['OVH'])).toEqual([]);
  });

  it('"Orange Business" names Orange Business Services; "Orange" alone names nobody', () => {
    expect(namedProviders('Orange Business lance une offre', PROVIDERS)).toEqual(['Orange Business Services']);
    expect(namedProviders('Orange augmente ses tarifs', PROVIDERS)).toEqual([]);
  });

  it('"3DS Outscale", "Cloud Temple" and "CloudTemple", "Oodrive_Work"; not "Whallers"', () => {
    expect(namedProviders('3DS Outscale et CloudTemple', PROVIDERS)).toEqual(['Cloud Temple', 'Outscale']);
    expect(namedProviders('Oodrive_Work et les Whallers', PROVIDERS)).toEqual(['Oodrive']);
  });

  it('aliases are looked up by normalised name, and a provider without aliases is just its name', () => {
    expect(providerNames('ovh')).toEqual(['ovh', 'OVHcloud']);
    expect(providerNames('Cegedim')).toEqual(['Cegedim']);
  });
});

describe('the CERT-FR-like and LeMagIT-like fixtures', () => {
  const DIR = join(import.meta.dirname, '../fixtures/feeds');
  const scan = async (name: string) =>
    (await parseFeed(readFileSync(join(DIR, name)), { source: name })).map((i) => {
      const text = `${i.title}\n${i.summary ?? ''}`;
      return [matchKeywords(text, DEFAULT_KEYWORDS), namedProviders(text, PROVIDERS)];
    });

  it('CERT-FR: SecNumCloud, HDS and qualification ANSSI, cloud de confiance; two items match nothing', async () => {
    expect(await scan('certfr-actualite.xml')).toEqual([
      [[], []],
      [['SecNumCloud'], []],
      [['SecNumCloud', 'HDS', 'qualification ANSSI'], []],
      [['cloud de confiance'], []],
      [[], []],
    ]);
  });

  it('LeMagIT: NumSpot, OVHcloud, EUCS, l’HDS; HDSL and the others match nothing', async () => {
    expect(await scan('lemagit.xml')).toEqual([
      [['SecNumCloud', 'NumSpot'], []],
      [['SecNumCloud'], ['OVH']],
      [['SecNumCloud'], []],
      [['cloud de confiance'], []],
      [[], []],
      [['EUCS'], []],
      [['HDS'], []],
      [[], []],
    ]);
  });
});

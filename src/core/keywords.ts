/**
 * Which watched words and which catalogue providers a piece of text names. Pure.
 *
 * Matching is on normalised text (normalizeText) and on whole words: a letter or a digit right before or
 * after the keyword breaks the match ("HDS" is found in "l'HDS" and "(HDS)", never in "HDSL" or "PHDS").
 * A multi-word keyword matches across any whitespace, line breaks included.
 */

/** The keywords a news source watches when feeds/sources.json names none. */
export const DEFAULT_KEYWORDS: readonly string[] = ['SecNumCloud', 'cloud de confiance', 'NumSpot', 'EUCS', 'HDS', 'qualification ANSSI'];

/**
 * Other names a provider of the catalogue goes by in the press, keyed by the catalogue's spelling.
 * Needed because of the word rule: "OVH" does not match inside "OVHcloud", the brand OVH has used
 * since 2019. Only names that cannot mean anything else belong here ("Orange" alone does not).
 * "3DS Outscale" is listed for clarity; "Outscale" already matches within it.
 */
export const PROVIDER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  OVH: ['OVHcloud'],
  'Orange Business Services': ['Orange Business'],
  Outscale: ['3DS Outscale'],
  'Cloud Temple': ['CloudTemple'],
};

const APOSTROPHES = /[\u2018\u2019\u201a\u201b\u2032\u02bc\u00b4`]/g;
const QUOTES = /[\u00ab\u00bb\u201c\u201d\u201e\u201f\u2033]/g;
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;

/**
 * Text in the form keywords are compared in: compatibility-decomposed (NFKD) so accents, ligatures and
 * no-break spaces fall away, lower-cased, œ/æ/ß spelled out, typographic apostrophes (’ ʼ), quotes (« » “ ”)
 * and dashes (– — −) folded to their ASCII forms, every run of whitespace one space, ends trimmed.
 * "Sécurité" and "securite" are one word; "L’HDS" is "l'hds".
 */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(APOSTROPHES, "'")
    .replace(QUOTES, '"')
    .replace(DASHES, '-')
    .replace(/\s+/gu, ' ')
    .trim();
}

const patterns = new Map<string, RegExp | null>();

/** The whole-word pattern of a keyword (cached), or null for one that is blank once normalised. */
function patternOf(keyword: string): RegExp | null {
  let re = patterns.get(keyword);
  if (re === undefined) {
    const words = normalizeText(keyword).split(' ').filter(Boolean);
    const body = words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s+');
    re = body ? new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u') : null;
    if (patterns.size >= 1000) patterns.clear(); // keywords come from configuration: a handful, but bound it
    patterns.set(keyword, re);
  }
  return re;
}

/** True when `normalized` (already through normalizeText) contains `keyword` as whole words. */
function contains(normalized: string, keyword: string): boolean {
  return patternOf(keyword)?.test(normalized) ?? false;
}

/**
 * The keywords, as given and in the order given, that `text` contains: case- and accent-insensitive,
 * whole words only. A blank keyword never matches.
 */
export function matchKeywords(text: string, keywords: readonly string[]): string[] {
  const normalized = normalizeText(text);
  return keywords.filter((k) => contains(normalized, k));
}

/** The names a provider is recognised by: its own and its aliases (PROVIDER_ALIASES, looked up normalised). */
export function providerNames(provider: string): string[] {
  const key = normalizeText(provider);
  const aliases = Object.entries(PROVIDER_ALIASES).find(([name]) => normalizeText(name) === key)?.[1] ?? [];
  return [provider, ...aliases];
}

/**
 * The providers of the catalogue, as given and in the order given, that `text` names, by their own name or
 * one of their aliases, with the rules of matchKeywords: "OVHcloud" names OVH only through its alias
 * (a name followed directly by letters does not match); "Oodrive_Work" names Oodrive, `_` being no letter.
 */
export function namedProviders(text: string, providers: readonly string[]): string[] {
  const normalized = normalizeText(text);
  return providers.filter((p) => providerNames(p).some((name) => contains(normalized, name)));
}

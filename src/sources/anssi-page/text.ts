import { frenchDateToIso, isIsoDate, sortTypes, type ServiceType } from '../../core/offer.js';

/** Folds every run of whitespace, non-breaking and narrow spaces included, into one space. */
export function foldSpaces(s: string): string {
  return s.replace(/[\s\u200b]+/g, ' ').trim();
}

// A footnote marker after a name: "Bleu¹", "Wimi Armoured*", "OVH (1)", "Outscale [2]", "X †".
const FOOTNOTE = /\s*(?:[¹²³⁴-⁹⁰]+|\*+|[†‡]+|\(\d{1,2}\)|\[\d{1,2}\])$/u;
const TYPE_WORD = 'SaaS|PaaS|CaaS|IaaS';
// The type column folded into a list item: "Bare Metal Pod (IaaS)", "PREMI3NS (PaaS / CaaS)".
const TYPE_MARKER = new RegExp(`\\s*[([]\\s*(?:${TYPE_WORD})(?:\\s*(?:[/,;&+]|et|-)?\\s*(?:${TYPE_WORD}))*\\s*[)\\]]$`, 'i');

/** Removes trailing matches of `re` until none is left. */
function stripEnd(s: string, ...res: RegExp[]): string {
  let prev: string;
  do {
    prev = s;
    for (const re of res) s = s.replace(re, '');
  } while (s !== prev);
  return s.trim();
}

/** A provider's name as shown: spaces folded, footnote markers dropped. */
export function cleanProvider(raw: string): string {
  return stripEnd(foldSpaces(raw), FOOTNOTE);
}

/** A service's name as shown: spaces folded, footnote markers and a trailing "(IaaS)"-style marker dropped. */
export function cleanService(raw: string): string {
  return stripEnd(foldSpaces(raw), FOOTNOTE, TYPE_MARKER);
}

const TYPE_WORDS = new RegExp(`(?<![\\p{L}\\p{N}])(${TYPE_WORD})(?![\\p{L}\\p{N}])`, 'giu');
const CANONICAL: Record<string, ServiceType> = { saas: 'SaaS', paas: 'PaaS', caas: 'CaaS', iaas: 'IaaS' };

/** The service types named in `text`, whole words in any case ("PaaS / CaaS", "iaas"), in SERVICE_TYPES order. */
export function typesIn(text: string): ServiceType[] {
  return sortTypes([...text.matchAll(TYPE_WORDS)].map((m) => CANONICAL[m[1]!.toLowerCase()]!));
}

const MONTHS = ['janvier', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre'];
const NUMERIC = /(?<!\d)(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)/;
const LONG = /(?<!\d)(\d{1,2})(?:er)?\s+(\p{L}+)\.?\s+(\d{4})(?!\d)/giu;
const ISO = /(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)/;

/** 1–12 for a French month name, accents optional, or a prefix naming one month only ("sept", "déc."). */
function monthNumber(word: string): number | undefined {
  const w = word.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  if (MONTHS.includes(w)) return MONTHS.indexOf(w) + 1;
  const prefixed = w.length >= 3 ? MONTHS.filter((m) => m.startsWith(w)) : [];
  return prefixed.length === 1 ? MONTHS.indexOf(prefixed[0]!) + 1 : undefined;
}

/** The first calendar date written in `text` ("15/01/2024", "1er mars 2025", "2024-01-15") as `YYYY-MM-DD`. */
export function dateIn(text: string): string | undefined {
  const t = foldSpaces(text);
  const numeric = NUMERIC.exec(t);
  if (numeric) return frenchDateToIso(`${numeric[1]}/${numeric[2]}/${numeric[3]}`);
  for (const [, day, word, year] of t.matchAll(LONG)) {
    const month = monthNumber(word!);
    if (month) return frenchDateToIso(`${day}/${month}/${year}`);
  }
  const iso = ISO.exec(t)?.[1];
  return iso && isIsoDate(iso) ? iso : undefined;
}

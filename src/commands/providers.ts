/**
 * Finding a provider from what a user typed: "cloud temple", "OVHcloud", "Cloud Temp", "Orange". Names are
 * compared once normalised (normalizeName), and also with their spaces removed ("CloudTemple").
 */
import { providerNames } from '../core/keywords.js';
import { normalizeName } from '../core/normalize.js';
import type { Offer } from '../core/offer.js';

/** What a typed name designates among known providers. */
export type ProviderMatch =
  | { kind: 'found'; name: string }
  | { kind: 'ambiguous'; candidates: string[] }
  | { kind: 'none'; suggestions: string[] };

/** The distinct provider names of some offers, as printed (first spelling wins), sorted alphabetically. */
export function providerList(offers: readonly Offer[]): string[] {
  const byKey = new Map<string, string>();
  for (const o of offers) if (!byKey.has(normalizeName(o.provider))) byKey.set(normalizeName(o.provider), o.provider);
  return [...byKey.values()].sort(compareNames);
}

/** Alphabetical order of names, case and accents ignored. */
export const compareNames = (a: string, b: string): number =>
  normalizeName(a) < normalizeName(b) ? -1 : normalizeName(a) > normalizeName(b) ? 1 : 0;

const compact = (s: string): string => normalizeName(s).replace(/ /g, '');

/** The name among `names` that `query` designates exactly: same normalised or compact form, or an alias. */
export function exactProvider(query: string, names: readonly string[]): string | undefined {
  const q = compact(query);
  return q ? names.find((n) => providerNames(n).some((alias) => compact(alias) === q)) : undefined;
}

/**
 * The provider `query` designates: exact (exactProvider), else the only name starting with it, else the only
 * name containing it; several candidates make it ambiguous; none gives the closest names (closestNames).
 */
export function findProvider(query: string, names: readonly string[]): ProviderMatch {
  const exact = exactProvider(query, names);
  if (exact) return { kind: 'found', name: exact };
  const q = normalizeName(query);
  if (q) {
    for (const test of [(n: string) => n.startsWith(q), (n: string) => n.includes(q)]) {
      const hits = names.filter((n) => test(normalizeName(n)));
      if (hits.length === 1) return { kind: 'found', name: hits[0]! };
      if (hits.length > 1) return { kind: 'ambiguous', candidates: hits };
    }
  }
  return { kind: 'none', suggestions: closestNames(query, names) };
}

/**
 * Up to `max` names close to `query`, closest first: a name and the query where one starts the other, or
 * a word of the name starts with the query, or few edits apart (a third of the query's length at most).
 */
export function closestNames(query: string, names: readonly string[], max = 3): string[] {
  const q = normalizeName(query);
  if (q.length < 2) return [];
  const scored = names.map((name) => ({ name, score: distance(q, normalizeName(name)) }));
  return scored
    .filter((s) => s.score <= Math.max(1, Math.floor(q.length / 3)))
    .sort((a, b) => a.score - b.score || compareNames(a.name, b.name))
    .slice(0, max)
    .map((s) => s.name);
}

/** 0 for a prefix either way (3 letters or more) or a word prefix; else the edit distance, spaces ignored. */
function distance(q: string, n: string): number {
  const shorter = Math.min(q.length, n.length);
  if (shorter >= 3 && (n.startsWith(q) || q.startsWith(n))) return 0;
  if (q.length >= 3 && n.split(' ').some((w) => w.startsWith(q))) return 0;
  return levenshtein(q.replace(/ /g, ''), n.replace(/ /g, ''));
}

/** Edit distance (insertions, deletions, substitutions), two rows at a time. */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

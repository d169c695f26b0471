/**
 * Every provider the tracker knows, with its slug: those of every list now, the "en cours" entries, and those the
 * change log names (a provider removed from every list keeps its page and its history). Pure.
 */
import { normalizeName } from './normalize.js';
import type { Offer } from './offer.js';
import { offerEvents, providerRenames } from './provider-names.js';
import { providerSlug, resolveSlug, type SlugResolution } from './provider-slug.js';
import type { ChangeEvent } from './events.js';
import { listOf } from './tracks.js';

export interface ProviderEntry {
  slug: string;
  name: string;
  /** Lists it holds qualified records in now, with how many. */
  lists: Record<string, number>;
  inProgress: number;
}

export interface IndexInput {
  current: readonly Offer[];
  inProgress: readonly Offer[];
  /** Oldest first. */
  events: readonly ChangeEvent[];
}

/** The providers, by slug, in name order. A renamed provider is listed under its latest name only. */
export function providerIndex(input: IndexInput): ProviderEntry[] {
  const renamedAway = new Set(providerRenames(input.events).map((r) => normalizeName(r.from)));
  const renamedTo = new Set(providerRenames(input.events).map((r) => normalizeName(r.to)));
  const bySlug = new Map<string, ProviderEntry>();
  const entry = (name: string): ProviderEntry => {
    const slug = providerSlug(name);
    let e = bySlug.get(slug);
    if (!e) bySlug.set(slug, (e = { slug, name, lists: {}, inProgress: 0 }));
    return e;
  };
  for (const o of input.current) {
    const e = entry(o.provider);
    e.lists[listOf(o)] = (e.lists[listOf(o)] ?? 0) + 1;
  }
  for (const o of input.inProgress) entry(o.provider).inProgress++;
  for (const ev of offerEvents(input.events)) {
    const key = normalizeName(ev.offer.provider);
    // A name renamed away is an alias of its successor, unless it came back as a provider of its own.
    if (!renamedAway.has(key) || renamedTo.has(key) || input.current.some((o) => normalizeName(o.provider) === key)) entry(ev.offer.provider);
  }
  return [...bySlug.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** Resolves a requested slug against the index and the log's renames (a former name redirects). */
export function findProvider(index: readonly ProviderEntry[], events: readonly ChangeEvent[], slug: string): { entry: ProviderEntry; redirect: boolean } | undefined {
  const res: SlugResolution = resolveSlug(slug, new Set(index.map((e) => e.slug)), providerRenames(events));
  const entry = res && index.find((e) => e.slug === res.slug);
  return res && entry ? { entry, redirect: res.redirect } : undefined;
}

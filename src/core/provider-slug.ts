/**
 * A provider's address on the web (`/providers/<slug>`), from its name. Pure.
 *
 * The slug is the normalised name (normalizeName: accents, case and punctuation folded) with spaces as dashes and
 * anything outside `a-z0-9` dropped, so "Cloud Temple", "CLOUD-TEMPLE" and "Cloud_Temple" share one page. A rename
 * gives the provider a new slug; the old one is kept as an alias that redirects (see `resolveSlug`), so links
 * already posted in chat or in feeds keep working.
 */
import { normalizeName } from './normalize.js';

/** Longest slug kept: a provider's name is short, a hostile document's need not be. */
export const SLUG_MAX = 80;

/** `cloud-temple` for "Cloud Temple"; `provider` when nothing of the name is left (a name of symbols only). */
export function providerSlug(name: string): string {
  const slug = normalizeName(name)
    .replace(/[^a-z0-9 ]+/g, '')
    .trim()
    .replace(/ +/g, '-')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
  return slug || 'provider';
}

/** A provider's rename as the change log records it (an `offer.renamed` whose provider changed). */
export interface ProviderRename {
  from: string;
  to: string;
}

/** What a slug leads to: the provider's page, or a redirect to the slug of its current name. */
export type SlugResolution = { slug: string; redirect: boolean } | undefined;

/**
 * The current slug a requested slug stands for. `current`: slugs of the providers known now; `renames` oldest
 * first. A slug of a current provider is itself; an old name's slug follows the renames (bounded: a cycle A→B→A
 * ends at the first slug seen twice) to a current one, as a redirect. Unknown: undefined.
 */
export function resolveSlug(slug: string, current: ReadonlySet<string>, renames: readonly ProviderRename[]): SlugResolution {
  if (current.has(slug)) return { slug, redirect: false };
  const next = new Map<string, string>();
  for (const r of renames) {
    const from = providerSlug(r.from);
    const to = providerSlug(r.to);
    if (from !== to) next.set(from, to); // the latest rename of a name wins
  }
  const seen = new Set<string>([slug]);
  let at = slug;
  for (let to = next.get(at); to !== undefined && !seen.has(to); to = next.get(at)) {
    seen.add(to);
    at = to;
    if (current.has(at)) return { slug: at, redirect: true };
  }
  return undefined;
}

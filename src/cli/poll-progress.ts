import type { ChangeEvent } from '../core/events.js';
import type { Snapshot } from '../core/offer.js';
import type { Fetcher } from '../sources/fetcher.js';
import type { SourceConfig } from '../sources/schema.js';
import type { PollDeps, PollResult } from '../../workers/poll-source.js';

/** Where the progress lines go: standard error, so that standard output keeps only the results. */
export type Say = (line: string) => void;

const since = (t0: number): string => `${Math.round(performance.now() - t0)} ms`;

/**
 * How a page whose layout is recognised was read (the en cours page): the layout found or none, each layout refused
 * and why, each entry left out, and the entries, one per line, so an operator can compare them with the page.
 */
export function describeReading(id: string, snapshot: Snapshot): string[] {
  const r = snapshot.reading;
  if (!r) return [];
  return [
    `${id}: layout found: ${r.layout ?? 'none (the page will be held, never a baseline)'}`,
    ...r.refused.map((why) => `${id}:   not used: ${why}`),
    ...r.dropped.map((why) => `${id}:   left out: ${why}`),
    ...snapshot.offers.map((o) => `${id}:   entry: ${o.provider} — ${o.service}${o.types.length ? ` (${o.types.join(', ')})` : ''}${o.inProgressSince ? `, since ${o.inProgressSince}` : ''}`),
  ];
}

/** "1.9 MiB (1946935 bytes)", or "512 bytes". */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [unit, scale] = bytes < 1024 * 1024 ? ['KiB', 1024] : ['MiB', 1024 * 1024];
  return `${(bytes / scale).toFixed(1)} ${unit} (${bytes} bytes)`;
}

/**
 * The poll's dependencies with a fetcher and a parser that say what they did, one line per step:
 * what was fetched (size, HTTP outcome, time) or that it was not modified, then how many records the
 * adapter read. The poll itself is untouched: the CLI runs the very pollSource the workers run.
 * Not covered: pages read (the catalogue adapter does not report them) and the exact 2xx status (the
 * fetcher returns a body only for a 2xx, after following redirects).
 */
export function withProgress<D extends PollDeps>(deps: D, source: SourceConfig, say: Say): D {
  const fetcher: Fetcher = {
    async fetch(url, previous) {
      const t0 = performance.now();
      const r = await deps.fetcher.fetch(url, previous);
      if (r.status === 'not-modified') {
        say(`${source.id}: not modified (${r.reason === '304' ? 'HTTP 304' : 'HTTP 2xx, same SHA-256 as the stored document'}) in ${since(t0)}`);
      } else {
        const type = r.contentType ? `, ${r.contentType.split(';')[0]}` : '';
        const moved = r.finalUrl !== url ? `, from ${r.finalUrl}` : '';
        say(`${source.id}: fetched ${size(r.body.length)}, HTTP 2xx${type}${moved}, in ${since(t0)}`);
      }
      return r;
    },
    close: () => deps.fetcher.close(),
    abortInFlight: () => deps.fetcher.abortInFlight(),
  };
  const parse: PollDeps['parse'] = async (src, bytes, contentType) => {
    const t0 = performance.now();
    const doc = await deps.parse(src, bytes, contentType);
    if (doc.records === 'offers') {
      const edition = doc.snapshot.edition ? `, edition ${doc.snapshot.edition}` : '';
      say(`${source.id}: parsed in ${since(t0)}: ${doc.snapshot.offers.length} rows (offers)${edition}`);
      for (const line of describeReading(source.id, doc.snapshot)) say(line);
    } else {
      say(`${source.id}: parsed in ${since(t0)}: ${doc.items.length} items`);
    }
    return doc;
  };
  return { ...deps, fetcher, parse };
}

/** "1 offer.added, 2 offer.renewed": events counted by kind, in the order the kinds first appear. */
export function countByKind(events: readonly ChangeEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
}

/** The events a poll found, by kind (a held snapshot's changes are not computed until it is released). */
export function describeEvents(id: string, r: PollResult): string | undefined {
  switch (r.outcome) {
    case 'changed':
    case 'released':
      return `${id}: events found: ${r.events.length === 0 ? 'none' : countByKind(r.events)}`;
    case 'news':
      return `${id}: events found: ${r.events.length === 0 ? 'none' : countByKind(r.events)}${r.held ? `; ${r.held} more held by the source's caps (accept ${id} releases them)` : ''}`;
    case 'held':
      return `${id}: held as suspect, subscribers see nothing (${r.held.reasons.join('; ')})`;
    case 'baseline':
    case 'unchanged':
    case 'superseded':
      return undefined;
  }
}

/** Whether the poll's outcome was stored (`commit`) or only shown, in one line. */
export function describeCommit(id: string, r: PollResult, commit: boolean): string {
  const dry = 'not committed (add --commit to store)';
  switch (r.outcome) {
    case 'unchanged':
      return `${id}: nothing to commit: unchanged since the last stored snapshot`;
    case 'baseline': {
      const what = r.snapshot
        ? `${r.snapshot.offers.length} offers${r.snapshot.edition ? `, edition ${r.snapshot.edition}` : ''}`
        : `${r.items ?? 0} items`;
      return commit ? `${id}: committed: the baseline (${what}); first sight alerts nobody` : `${id}: ${dry}: would be the baseline (${what}), alerting nobody`;
    }
    case 'news':
    case 'changed':
    case 'released':
      return commit ? `${id}: committed: ${r.events.length} event(s) stored in the change log` : `${id}: ${dry}: ${r.events.length} event(s)`;
    case 'held':
      return commit
        ? `${id}: committed as held: sighting ${r.held.sightings.length}${r.alerted ? ', operators alerted (source.suspect)' : ''}`
        : `${id}: ${dry}: would be held`;
    case 'superseded':
      return `${id}: not committed: another poll stored this change first`;
  }
}

/**
 * Hostile documents a few kilobytes to a few megabytes long, built on demand (never committed as files), as the
 * adversarial review of issue 14 found them: each one stalled, bloated or blinded the tracker before its budget.
 */

/** An RSS item whose title nests `depth` elements (20,000 levels: 140 KB; 40,000: 280 KB). */
export function nestedFeed(depth: number): Uint8Array {
  return new TextEncoder().encode(
    `<rss version="2.0"><channel><title>t</title><item><title>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</title></item></channel></rss>`,
  );
}

/** A page of `depth` nested `<div>` (40,000: 440 KB), around a table the en cours extractor would read. */
export function nestedDivs(depth: number): Uint8Array {
  return new TextEncoder().encode(`<!doctype html><html><body>${'<div>'.repeat(depth)}<table><tr><td>Fournisseur</td><td>Service</td></tr></table>${'</div>'.repeat(depth)}</body></html>`);
}

/** A flat page of `bytes` bytes: many small table rows (8 MB took 30 s and 2.2 GB before the budget). */
export function hugePage(bytes: number): Uint8Array {
  const row = '<tr><td>Fournisseur</td><td>Service de cloud</td><td>IaaS</td></tr>\n';
  return new TextEncoder().encode(`<!doctype html><html><body><table>${row.repeat(Math.ceil(bytes / row.length))}</table></body></html>`);
}

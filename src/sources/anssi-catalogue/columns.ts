import { CatalogueFormatError } from './errors.js';
import type { TableGeometry } from './header.js';
import type { TextRun } from './pdf-document.js';

/**
 * Separates the provider column from the service column. Cell text never crosses a column rule, so the
 * horizontal projection of the runs is empty, or nearly (a stray footnote line may cross it), somewhere
 * between the two header labels: we cut in the middle of the widest least-covered band there.
 */
export function splitColumns(runs: readonly TextRun[], g: TableGeometry): { provider: TextRun[]; service: TextRun[] } {
  if (runs.length === 0) return { provider: [], service: [] };
  const lo = g.provider ?? Math.min(...runs.map((r) => r.x));
  const hi = g.service ?? Math.max(...runs.map((r) => r.x + r.width));
  // Sweep the interval [lo, hi] at every span edge; coverage is constant between edges.
  const edges = [...new Set([lo, hi, ...runs.flatMap((r) => [r.x, r.x + r.width])])]
    .filter((x) => x >= lo && x <= hi)
    .sort((a, b) => a - b);
  let best: { from: number; to: number; cover: number } | undefined;
  for (let i = 0; i + 1 < edges.length; i++) {
    const from = edges[i]!;
    const to = edges[i + 1]!;
    const mid = (from + to) / 2;
    const cover = runs.filter((r) => r.x < mid && r.x + r.width > mid).length;
    if (!best || cover < best.cover || (cover === best.cover && to - from > best.to - best.from)) best = { from, to, cover };
  }
  if (!best || best.cover > Math.max(1, runs.length * 0.05)) {
    throw new CatalogueFormatError('cannot tell the provider column from the service column in the SecNumCloud table');
  }
  const boundary = (best.from + best.to) / 2;
  return {
    provider: runs.filter((r) => r.x < boundary),
    service: runs.filter((r) => r.x >= boundary),
  };
}

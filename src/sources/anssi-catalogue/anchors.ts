import type { Line } from './lines.js';

/**
 * Attaches the lines of one text column to row anchors (baselines of the rows' data lines, top to bottom).
 * Every line is classified exactly once: on an anchor's baseline, above the first anchor, below the last,
 * or between two anchors. Lines between two anchors are split at the widest vertical gap: inside a cell,
 * lines are one leading apart; between cells there is the leading plus the padding. Above the first anchor
 * and below the last, only lines that continue the cell (gap ≤ maxGap) are taken, so a footnote or a
 * paragraph after the table is never glued to the last row.
 */
export function assignToAnchors(lines: readonly Line[], anchors: readonly number[], maxGap: number): Line[][] {
  const out: Line[][] = anchors.map(() => []);
  const between: Line[][] = anchors.map(() => []);
  const above: Line[] = [];
  const below: Line[] = [];
  const first = anchors[0]!;
  const last = anchors[anchors.length - 1]!;
  for (const l of lines) {
    const k = anchors.findIndex((a) => Math.abs(l.y - a) <= 0.35 * l.size);
    if (k >= 0) out[k]!.push(l);
    else if (l.y > first) above.push(l);
    else if (l.y < last) below.push(l);
    else between[anchors.findIndex((a, i) => l.y < a && l.y > anchors[i + 1]!)]!.push(l);
  }
  takeContinuing(above.sort((p, q) => p.y - q.y), first, maxGap, out[0]!);
  takeContinuing(below.sort((p, q) => q.y - p.y), last, maxGap, out[anchors.length - 1]!);
  between.forEach((group, k) => {
    if (group.length === 0) return;
    group.sort((p, q) => q.y - p.y);
    const positions = [anchors[k]!, ...group.map((l) => l.y), anchors[k + 1]!];
    let split = 0;
    for (let j = 1; j < positions.length - 1; j++) {
      if (positions[j]! - positions[j + 1]! > positions[split]! - positions[split + 1]!) split = j;
    }
    out[k]!.push(...group.slice(0, split));
    out[k + 1]!.push(...group.slice(split));
  });
  return out.map((ls) => ls.sort((p, q) => q.y - p.y));
}

/** Takes lines moving away from an anchor while each is within maxGap of the previous one. */
function takeContinuing(ordered: readonly Line[], anchor: number, maxGap: number, into: Line[]): void {
  let edge = anchor;
  for (const l of ordered) {
    if (Math.abs(l.y - edge) > maxGap) break;
    into.push(l);
    edge = l.y;
  }
}

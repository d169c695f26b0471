/** A text run as pdfjs reports it, in PDF user space (origin bottom-left, y grows upwards). */
export interface TextRun {
  str: string;
  /** Left edge and baseline. */
  x: number;
  y: number;
  width: number;
  /** Font size (vertical scale of the text matrix). */
  size: number;
}

/** Runs that share a baseline, left to right. */
export interface Line {
  y: number;
  size: number;
  runs: TextRun[];
  text: string;
}

/** Groups runs into lines by baseline (tolerance relative to the font size), top to bottom. */
export function groupLines(runs: readonly TextRun[]): Line[] {
  const sorted = [...runs].sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: Line[] = [];
  for (const run of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - run.y) <= Math.max(0.35 * Math.min(last.size, run.size), 0.8)) {
      last.runs.push(run);
      last.size = Math.max(last.size, run.size);
    } else {
      lines.push({ y: run.y, size: run.size, runs: [run], text: '' });
    }
  }
  for (const line of lines) {
    line.runs.sort((p, q) => p.x - q.x);
    line.text = joinRuns(line.runs);
  }
  return lines;
}

/** Joins runs of one line, inserting a space where the gap between them is wider than a thin space. */
export function joinRuns(runs: readonly TextRun[]): string {
  let text = '';
  let end = -Infinity;
  for (const run of runs) {
    const gap = run.x - end;
    if (text !== '' && gap > 0.15 * run.size && !text.endsWith(' ') && !run.str.startsWith(' ')) text += ' ';
    text += run.str;
    end = run.x + run.width;
  }
  return foldSpaces(text);
}

/**
 * A run as the reader keeps it, from a run's text, its text rendering matrix and its width (pdfjs's text item, or
 * the content reader's): horizontal and left to right, not blank; undefined for any other (rotated text is dropped).
 */
export function keptRun(str: string, transform: ArrayLike<number>, width: number): TextRun | undefined {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = Array.from(transform);
  if (str.trim() === '' || Math.abs(b) > 1e-3 || Math.abs(c) > 1e-3 || a <= 0) return undefined;
  return { str, x: e, y: f, width, size: Math.abs(d) };
}

export function foldSpaces(s: string): string {
  return s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

export const centerX = (run: TextRun): number => run.x + run.width / 2;

/** The most frequent font size among runs (rounded to 0.1 pt). */
export function dominantSize(runs: readonly TextRun[]): number {
  const counts = new Map<number, number>();
  for (const r of runs) {
    const k = Math.round(r.size * 10) / 10;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = -1;
  for (const [k, n] of counts) if (n > bestCount) [best, bestCount] = [k, n];
  return best;
}

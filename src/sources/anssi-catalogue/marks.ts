import type { Recommendation } from '../../core/offer.js';
import { CatalogueFormatError } from './errors.js';
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from './pdfjs.js';
import { multiply, type Matrix } from './matrix.js';

/** A coloured shape drawn on a page (the recommendation check mark), in page space. */
export interface Mark {
  x: number;
  y: number;
  recommendation: Recommendation;
}


/**
 * The legend of the Avant-propos: green Optimal, orange Modéré, red Critique. Read by hue so that a shade
 * change keeps its meaning; greys, black, white and the navy of links are no mark.
 */
export function recommendationOf(hex: string): Recommendation | undefined {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return undefined;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const light = (max + min) / 2;
  const sat = max === min ? 0 : (max - min) / (1 - Math.abs(2 * light - 1));
  if (sat < 0.35 || light < 0.2 || light > 0.9) return undefined;
  const d = max - min;
  let hue = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  hue = (hue * 60 + 360) % 360;
  if (hue < 18 || hue >= 340) return 'critical';
  if (hue < 65) return 'moderate';
  if (hue < 170) return 'optimal';
  return undefined;
}

const FILLS = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const STROKES = new Set<number>([OPS.stroke, OPS.closeStroke]);
/** A mark is a small shape; cell backgrounds and rules are larger or flat. */
const MAX_MARK = 30;
const MIN_MARK = 2;

const hexOf = (args: unknown): string => {
  const a = (args as unknown[] | undefined)?.[0];
  return typeof a === 'string' ? a : '';
};

/**
 * The coloured marks of one page, from its operator list (drawing operators: the only place the
 * recommendation level is printed). A path painted with a fill takes the fill colour, a stroked one the
 * stroke colour; its centre is mapped to page space through the current transformation matrix.
 */
export async function readPageMarks(doc: PDFDocumentProxy, index: number): Promise<Mark[]> {
  let list: { fnArray: number[]; argsArray: unknown[] };
  try {
    list = await (await doc.getPage(index + 1)).getOperatorList();
  } catch (err) {
    throw new CatalogueFormatError(`unreadable drawing on page ${index + 1}: ${(err as Error).message}`);
  }
  const marks: Mark[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let fill = '';
  let stroke = '';
  const stack: Array<{ ctm: Matrix; fill: string; stroke: string }> = [];
  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i]!;
    const args = list.argsArray[i] as unknown[] | null;
    switch (fn) {
      case OPS.save:
      case OPS.paintFormXObjectBegin:
        stack.push({ ctm, fill, stroke });
        if (fn === OPS.paintFormXObjectBegin && Array.isArray(args?.[0])) ctm = multiply(Array.from(args[0] as number[]) as Matrix, ctm);
        break;
      case OPS.restore:
      case OPS.paintFormXObjectEnd: {
        const s = stack.pop();
        if (s) ({ ctm, fill, stroke } = s);
        break;
      }
      case OPS.transform:
        ctm = multiply(Array.from(args as number[]) as Matrix, ctm);
        break;
      case OPS.setFillRGBColor:
        fill = hexOf(args);
        break;
      case OPS.setStrokeRGBColor:
        stroke = hexOf(args);
        break;
      case OPS.constructPath: {
        const paint = args?.[0] as number;
        const box = args?.[2] as ArrayLike<number> | null | undefined;
        if (!box || (!FILLS.has(paint) && !STROKES.has(paint))) break;
        const colour = FILLS.has(paint) ? fill : stroke;
        const level = recommendationOf(colour);
        if (!level) break;
        const corners = [
          [box[0]!, box[1]!],
          [box[2]!, box[3]!],
        ].map(([x, y]) => [ctm[0] * x! + ctm[2] * y! + ctm[4], ctm[1] * x! + ctm[3] * y! + ctm[5]] as const);
        const w = Math.abs(corners[1]![0] - corners[0]![0]);
        const h = Math.abs(corners[1]![1] - corners[0]![1]);
        if (Math.max(w, h) > MAX_MARK || Math.max(w, h) < MIN_MARK) break;
        marks.push({ x: (corners[0]![0] + corners[1]![0]) / 2, y: (corners[0]![1] + corners[1]![1]) / 2, recommendation: level });
        break;
      }
    }
  }
  return marks;
}

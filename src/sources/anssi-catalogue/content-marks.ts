import type { Mark } from './marks.js';
import type { ObjectIndex } from './object-index.js';
import { streamData } from './content-stream.js';
import { multiply, type Matrix } from './matrix.js';
import { Lexer, Name, Op, SyntaxLimit } from './pdf-syntax.js';

/**
 * The coloured marks of one page read straight from its content stream: only colours, paths and the
 * transformation matrix are followed, which costs a fraction of pdfjs's operator list (that rebuilds every
 * glyph of the page). Returns undefined whenever the page is not a plain case this reader can vouch for
 * (object streams, other filters, forms or images drawn, anything unparsable): the caller then asks pdfjs.
 */
export function marksFromContent(index: ObjectIndex, ref: { num: number; gen: number }, classify: (hex: string) => Mark['recommendation'] | undefined): Mark[] | undefined {
  const page = index.text(ref.num, ref.gen);
  if (!page) return undefined;
  const contents = /\/Contents\s*(?:(\d+)\s+(\d+)\s+R|\[([^\]]*)\])/.exec(page);
  if (!contents) return undefined;
  const refs = contents[3] !== undefined ? [...contents[3].matchAll(/(\d+)\s+(\d+)\s+R/g)].map((m) => [Number(m[1]), Number(m[2])] as const) : [[Number(contents[1]), Number(contents[2])] as const];
  const parts: string[] = [];
  for (const [num, gen] of refs) {
    const stream = streamData(index, num, gen);
    if (stream === undefined) return undefined;
    parts.push(stream.data);
  }
  try {
    return interpret(parts.join('\n'), classify);
  } catch (err) {
    if (err instanceof SyntaxLimit) return undefined;
    throw err;
  }
}

const hex = (rgb: number[]): string => `#${rgb.map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255).toString(16).padStart(2, '0')).join('')}`;
const colour = (ops: number[]): string => (ops.length === 3 ? hex(ops) : ops.length === 1 ? hex([ops[0]!, ops[0]!, ops[0]!]) : ops.length === 4 ? hex([0, 1, 2].map((i) => (1 - ops[i]!) * (1 - ops[3]!))) : '');

const MAX_TOKENS = 4_000_000;
const PAINT_FILL = new Set(['f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);
const PAINT_STROKE = new Set(['S', 's']);
const MAX_MARK = 30;
const MIN_MARK = 2;

function interpret(content: string, classify: (hex: string) => Mark['recommendation'] | undefined): Mark[] | undefined {
  const marks: Mark[] = [];
  const stack: Array<{ ctm: Matrix; fill: string; stroke: string }> = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let fill = '#000000';
  let stroke = '#000000';
  let nums: number[] = [];
  let box: [number, number, number, number] | undefined;
  const point = (x: number, y: number): void => {
    box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
  };
  // The text reader's lexer (pdf-syntax.ts): a malformed or oversized token is a SyntaxLimit, not a plain case.
  const lexer = new Lexer(content, 0, false);
  let tokens = 0;
  for (let token = lexer.next(); token !== undefined; token = lexer.next()) {
    if (++tokens > MAX_TOKENS) return undefined;
    if (typeof token === 'number') {
      nums.push(token);
      continue;
    }
    if (!(token instanceof Op)) {
      // A name keeps the numbers before it (`0.5 0.2 0.1 /P0 scn`), as does a dictionary; a string or an array ends them.
      if (!(token instanceof Name) && !(token instanceof Map)) nums = [];
      continue;
    }
    const t = token.op;
    switch (t) {
      case 'q': stack.push({ ctm, fill, stroke }); break;
      case 'Q': { const s = stack.pop(); if (s) ({ ctm, fill, stroke } = s); break; }
      case 'cm': if (nums.length === 6) ctm = multiply(nums as Matrix, ctm); break;
      case 'rg': case 'g': case 'k': case 'sc': case 'scn': fill = colour(nums); break;
      case 'RG': case 'G': case 'K': case 'SC': case 'SCN': stroke = colour(nums); break;
      case 'm': case 'l': if (nums.length >= 2) point(nums[nums.length - 2]!, nums[nums.length - 1]!); break;
      case 'c': for (let i = 0; i + 1 < nums.length; i += 2) point(nums[i]!, nums[i + 1]!); break;
      case 'v': case 'y': for (let i = 0; i + 1 < nums.length; i += 2) point(nums[i]!, nums[i + 1]!); break;
      case 're': if (nums.length === 4) { point(nums[0]!, nums[1]!); point(nums[0]! + nums[2]!, nums[1]! + nums[3]!); } break;
      case 'BI': case 'Do': case 'sh': return undefined; // images, forms, shadings: not followed here
      default:
        if ((PAINT_FILL.has(t) || PAINT_STROKE.has(t)) && box) {
          const level = classify(PAINT_FILL.has(t) ? fill : stroke);
          if (level) {
            const [x0, y0] = [ctm[0] * box[0] + ctm[2] * box[1] + ctm[4], ctm[1] * box[0] + ctm[3] * box[1] + ctm[5]];
            const [x1, y1] = [ctm[0] * box[2] + ctm[2] * box[3] + ctm[4], ctm[1] * box[2] + ctm[3] * box[3] + ctm[5]];
            const size = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
            if (size <= MAX_MARK && size >= MIN_MARK) marks.push({ x: (x0 + x1) / 2, y: (y0 + y1) / 2, recommendation: level });
          }
        }
        if (PAINT_FILL.has(t) || PAINT_STROKE.has(t) || t === 'n') box = undefined;
    }
    nums = [];
  }
  return marks;
}

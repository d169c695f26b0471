import type { TextRun } from './pdf-document.js';
import { Lexer, Name, Op, type Value } from './pdf-syntax.js';
import type { SimpleFont } from './simple-fonts.js';
import { compose, giveUp, GiveUp, identity, RunBuilder, type State } from './text-runs.js';

export type PageFonts = (name: string) => SimpleFont | undefined;
export type PageXObjects = (name: string) => 'image' | undefined;

// pdfjs saves its whole text state on `q`, text matrices included: so does this reader, to give the same runs.
const clone = (s: State): State => ({ ...s, tm: s.tm.slice(), tlm: s.tlm.slice() });

const MAX_TOKENS = 4_000_000;
const MAX_OPERANDS = 64;
const MAX_DEPTH = 64;

/**
 * Reads a page's content stream as pdfjs's getTextContent does for horizontal simple fonts: the operators of the
 * graphics and text state as pdfjs applies them, the text shown handed to a RunBuilder (text-runs.ts). `read` gives
 * undefined for anything not followed (content-text.ts lists what).
 */
export class TextReader {
  private st: State = { ctm: identity(), font: undefined, fontName: undefined, fontSize: 0, tm: identity(), tlm: identity(), charSpacing: 0, wordSpacing: 0, leading: 0, hScale: 1, rise: 0 };
  private readonly stack: State[] = [];
  private readonly runs: RunBuilder;

  constructor(
    view: readonly [number, number, number, number],
    private readonly fonts: PageFonts,
    private readonly xobjects: PageXObjects,
    private readonly gstateSetsFont: (name: string) => boolean | undefined,
  ) {
    this.runs = new RunBuilder(view, this.st);
  }

  read(content: string): TextRun[] | undefined {
    try {
      this.interpret(content);
    } catch (err) {
      if (err instanceof GiveUp) return undefined;
      throw err;
    }
    this.runs.flush();
    return this.runs.runs;
  }

  private interpret(content: string): void {
    const lexer = new Lexer(content, 0, false);
    let args: Value[] = [];
    let tokens = 0;
    for (let t = lexer.next(); t !== undefined; t = lexer.next()) {
      if (++tokens > MAX_TOKENS) giveUp();
      if (!(t instanceof Op)) {
        if (args.length >= MAX_OPERANDS) giveUp();
        args.push(t);
        continue;
      }
      this.operator(t.op, args);
      args = [];
    }
  }

  /** The last `n` operands (pdfjs drops extra ones), numbers; gives up when too few or of another type. */
  private nums(args: Value[], n: number): number[] {
    if (args.length < n) giveUp();
    const out = args.slice(args.length - n);
    if (!out.every((a) => typeof a === 'number')) giveUp();
    return out as number[];
  }

  private operator(op: string, args: Value[]): void {
    const st = this.st;
    switch (op) {
      case 'BT': st.tm = identity(); st.tlm = identity(); break;
      case 'ET': break;
      case 'q':
        if (this.stack.length >= MAX_DEPTH) giveUp();
        this.stack.push(this.st);
        this.st = this.runs.st = clone(st);
        break;
      case 'Q': this.st = this.runs.st = this.stack.pop() ?? st; break;
      case 'cm': st.ctm = compose(st.ctm, this.nums(args, 6)); break;
      case 'Tf': {
        const [name, size] = args.slice(-2);
        if (args.length < 2 || !(name instanceof Name) || typeof size !== 'number') giveUp();
        const fontName = (name as Name).name;
        if (st.font && fontName === st.fontName && size === st.fontSize) break;
        st.fontName = fontName;
        st.fontSize = size as number;
        st.font = this.fonts(fontName) ?? giveUp();
        break;
      }
      case 'Tc': [st.charSpacing] = this.nums(args, 1) as [number]; break;
      case 'Tw': [st.wordSpacing] = this.nums(args, 1) as [number]; break;
      case 'TL': [st.leading] = this.nums(args, 1) as [number]; break;
      case 'Ts': [st.rise] = this.nums(args, 1) as [number]; break;
      case 'Tz': st.hScale = this.nums(args, 1)[0]! / 100; break;
      case 'Td': { const [x, y] = this.nums(args, 2) as [number, number]; this.moveLine(x, y); break; }
      case 'TD': { const [x, y] = this.nums(args, 2) as [number, number]; st.leading = -y; this.moveLine(x, y); break; }
      case 'T*': this.carriageReturn(); break;
      case 'Tm': {
        const m = this.nums(args, 6);
        st.tm = Float64Array.from(m);
        st.tlm = Float64Array.from(m);
        this.runs.updateAdvanceScale();
        break;
      }
      case 'Tj': this.runs.show(this.text(args), 0); break;
      case "'": { const s = this.text(args); this.carriageReturn(); this.runs.show(s, 0); break; }
      case '"': {
        if (args.length < 3) giveUp();
        const [aw, ac] = this.nums(args.slice(0, -1), 2) as [number, number];
        const s = this.text(args);
        st.wordSpacing = aw;
        st.charSpacing = ac;
        this.carriageReturn();
        this.runs.show(s, 0);
        break;
      }
      case 'TJ': this.showSpaced(args); break;
      case 'Do': {
        const name = args[args.length - 1];
        if (!(name instanceof Name) || this.xobjects(name.name) !== 'image') giveUp();
        this.runs.flush();
        break;
      }
      case 'gs': {
        const name = args[args.length - 1];
        if (!(name instanceof Name) || this.gstateSetsFont(name.name) !== false) giveUp();
        break;
      }
      case 'BMC': case 'BDC': case 'EMC': this.runs.flush(); break;
      case 'BI': case 'ID': case 'EI': case 'PS': giveUp(); break;
    }
  }

  private text(args: Value[]): string {
    const s = args[args.length - 1];
    return typeof s === 'string' ? s : giveUp();
  }

  private moveLine(x: number, y: number): void {
    const m = this.st.tlm;
    m[4] = m[0]! * x + m[2]! * y + m[4]!;
    m[5] = m[1]! * x + m[3]! * y + m[5]!;
    this.st.tm = m.slice();
  }

  private carriageReturn(): void {
    this.moveLine(0, -this.st.leading);
  }

  private showSpaced(args: Value[]): void {
    const items = args[args.length - 1];
    if (!Array.isArray(items)) giveUp();
    const factor = (-1 * this.st.fontSize) / 1000;
    let buffer = '';
    for (const item of items as Value[]) {
      if (typeof item === 'string') buffer += item;
      else if (typeof item === 'number' && item !== 0) {
        const chars = buffer;
        buffer = '';
        this.runs.show(chars, item * factor);
      }
    }
    if (buffer.length > 0) this.runs.show(buffer, 0);
  }
}

import { keptRun, type TextRun } from './lines.js';
import type { SimpleFont } from './simple-fonts.js';

/** Matrices as doubles in typed arrays: one element kind, no allocation per glyph. */
export type M = Float64Array;

/** pdfjs's Util.transform(m1, m2), in its order of operations, so positions come out to the same bits. */
export const compose = (m1: M, m2: ArrayLike<number>): M =>
  Float64Array.of(
    m1[0]! * m2[0]! + m1[2]! * m2[1]!,
    m1[1]! * m2[0]! + m1[3]! * m2[1]!,
    m1[0]! * m2[2]! + m1[2]! * m2[3]!,
    m1[1]! * m2[2]! + m1[3]! * m2[3]!,
    m1[0]! * m2[4]! + m1[2]! * m2[5]! + m1[4]!,
    m1[1]! * m2[4]! + m1[3]! * m2[5]! + m1[5]!,
  );
export const identity = (): M => Float64Array.of(1, 0, 0, 1, 0, 0);

/** The graphics and text state content-text.ts follows. */
export interface State {
  ctm: M;
  font: SimpleFont | undefined;
  fontName: string | undefined;
  fontSize: number;
  tm: M;
  tlm: M;
  charSpacing: number;
  wordSpacing: number;
  leading: number;
  hScale: number;
  rise: number;
}

// pdfjs's factors (getTextContent): gaps, relative to the font size, that make a space or end a run.
const TRACKING_SPACE = 0.102;
const NOT_A_SPACE = 0.03;
const NEGATIVE_SPACE = -0.2;
const SPACE_IN_FLOW_MIN = 0.102;
const SPACE_IN_FLOW_MAX = 0.6;
const VERTICAL_SHIFT = 0.25;

/**
 * pdfjs's glyph categories, told by the first match of one pattern as there: white space (first char), a
 * non-spacing mark, an invisible format mark (last char).
 */
const CATEGORY = /^(\s)|(\p{Mn})|(\p{Cf})$/u;
const categories = new Map<string, { space: boolean; diacritic: boolean; invisible: boolean }>();
function category(unicode: string): { space: boolean; diacritic: boolean; invisible: boolean } {
  let c = categories.get(unicode);
  if (!c) {
    const g = CATEGORY.exec(unicode);
    c = { space: !!g?.[1], diacritic: !!g?.[2], invisible: !!g?.[3] };
    if (categories.size < 65536) categories.set(unicode, c);
  }
  return c;
}
// What pdfjs's normalizeUnicode rewrites with NFKC (ligatures, compatibility spaces, presentation forms); U+FB05,
// which pdfjs maps by a table of its own, is not followed.
const NORMALIZED = /[\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb04\ufb06\ufb20-\ufb36\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc-\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa-\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]+/gu;
// Characters that make pdfjs reorder a run (its bidi): not followed.
const RIGHT_TO_LEFT = /[\u0590-\u05f4\u0600-\u08ac\ufb50-\ufdff\ufe70-\ufeff]/;

/** Thrown for anything the content reader does not follow: the page then goes to pdfjs. */
export class GiveUp extends Error {}
export const giveUp = (): never => {
  throw new GiveUp();
};

/**
 * The algorithm and its factors are pdfjs-dist 5.6's (PartialEvaluator.getTextContent, Mozilla Foundation, Apache
 * License 2.0), written again for the one case this reader follows.
 *
 * Turns the glyphs shown into runs as pdfjs's getTextContent does for horizontal simple fonts, and keeps the runs
 * readPageRuns keeps (horizontal, not blank): the segmentation, the spaces pdfjs inserts, the widths and the
 * positions follow pdfjs's algorithm step by step (compareWithLastPosition, addFakeSpaces, flushTextContentItem),
 * for the table reader to give the same records.
 */
export class RunBuilder {
  readonly runs: TextRun[] = [];
  /** The font state the current run started with (pdfjs's currentTextState). */
  private cur = { fontSize: 0, fontName: undefined as string | undefined, font: undefined as SimpleFont | undefined };
  // pdfjs's textContentItem: these fields outlive a flush, as there.
  private item = {
    initialized: false,
    str: [] as string[],
    width: 0,
    totalWidth: 0,
    height: 0,
    hasPrev: false,
    prev: identity(),
    prevRise: 0,
    advanceScale: 0,
    spaceMin: 0,
    spaceMax: 0,
    trackingMin: Infinity,
    negativeMax: -Infinity,
    notASpace: -Infinity,
    transform: identity(),
  };
  private last: [string, string] = [' ', ' '];
  private lastPos = 0;

  /** `st`: the reader's current state, which the reader replaces on `q` and `Q`. */
  constructor(
    private readonly view: readonly [number, number, number, number],
    public st: State,
  ) {}

  private translate(x: number): void {
    const m = this.st.tm;
    m[4] = m[0]! * x + m[4]!;
    m[5] = m[1]! * x + m[5]!;
  }

  private readonly now = identity();

  /**
   * The text rendering matrix (ctm × tm × [size × scale, 0, 0, size, 0, rise]) into `out`, as pdfjs's
   * getCurrentTextTransform computes it (its products by the zeros of the font matrix drop out exactly).
   */
  private transformNow(out: M = this.now): M {
    const { ctm: c, tm, fontSize, hScale, rise } = this.st;
    const a = fontSize * hScale;
    const i0 = tm[0]! * a;
    const i1 = tm[1]! * a;
    const i2 = tm[2]! * fontSize;
    const i3 = tm[3]! * fontSize;
    const i4 = tm[2]! * rise + tm[4]!;
    const i5 = tm[3]! * rise + tm[5]!;
    out[0] = c[0]! * i0 + c[2]! * i1;
    out[1] = c[1]! * i0 + c[3]! * i1;
    out[2] = c[0]! * i2 + c[2]! * i3;
    out[3] = c[1]! * i2 + c[3]! * i3;
    out[4] = c[0]! * i4 + c[2]! * i5 + c[4]!;
    out[5] = c[1]! * i4 + c[3]! * i5 + c[5]!;
    return out;
  }

  show(chars: string, extraSpacing: number): void {
    const st = this.st;
    const font = st.font ?? giveUp();
    if (st.fontSize === 0) giveUp();
    const cur = this.cur;
    if (cur.fontSize !== st.fontSize || (cur.fontName !== st.fontName && cur.font?.name !== font.name)) {
      this.flush();
      this.cur = { fontSize: st.fontSize, fontName: st.fontName, font };
    }
    if (chars === '') {
      const spacing = st.charSpacing + extraSpacing;
      if (spacing) this.translate(spacing * st.hScale);
      return;
    }
    const scale = 0.001 * st.fontSize;
    for (let i = 0; i < chars.length; i++) {
      const code = chars.charCodeAt(i);
      const unicode = font.unicode[code] ?? giveUp();
      const kind = category(unicode);
      if (kind.invisible) continue;
      let spacing = st.charSpacing + (i + 1 === chars.length ? extraSpacing : 0);
      let dim = (font.widths[code] ?? font.missingWidth) * scale;
      if (code === 0x20) spacing += st.wordSpacing;
      if (kind.space) {
        spacing += dim;
        this.translate(spacing * st.hScale);
        this.saveLastChar(' ');
        continue;
      }
      const diacritic = kind.diacritic;
      if (!diacritic && !this.compareWithLast(dim)) {
        this.translate(dim * st.hScale);
        continue;
      }
      const item = this.ensureItem();
      if (diacritic) dim = 0;
      dim *= st.hScale;
      this.translate(dim);
      item.width += dim;
      if (dim) {
        this.transformNow(item.prev);
        item.hasPrev = true;
        item.prevRise = st.rise;
      }
      if (this.saveLastChar(unicode)) item.str.push(' ');
      item.str.push(unicode);
      if (spacing) this.translate(spacing * st.hScale);
    }
  }

  private saveLastChar(char: string): boolean {
    const ret = this.shouldAddWhitespace();
    this.last[this.lastPos] = char;
    this.lastPos = (this.lastPos + 1) % 2;
    return ret;
  }

  private shouldAddWhitespace(): boolean {
    return this.last[this.lastPos] !== ' ' && this.last[(this.lastPos + 1) % 2] === ' ';
  }

  private resetLastChars(): void {
    this.last = [' ', ' '];
    this.lastPos = 0;
  }

  private ensureItem(): RunBuilder['item'] {
    const item = this.item;
    if (item.initialized) return item;
    const st = this.st;
    const trm = this.transformNow(item.transform);
    item.width = item.totalWidth = 0;
    item.height = Math.hypot(trm[2]!, trm[3]!);
    item.advanceScale = Math.hypot(st.ctm[0]!, st.ctm[1]!) * Math.hypot(st.tlm[0]!, st.tlm[1]!);
    item.trackingMin = st.fontSize * TRACKING_SPACE;
    item.notASpace = st.fontSize * NOT_A_SPACE;
    item.negativeMax = st.fontSize * NEGATIVE_SPACE;
    item.spaceMin = st.fontSize * SPACE_IN_FLOW_MIN;
    item.spaceMax = st.fontSize * SPACE_IN_FLOW_MAX;
    item.initialized = true;
    return item;
  }

  updateAdvanceScale(): void {
    const item = this.item;
    if (!item.initialized) return;
    const st = this.st;
    const scale = Math.hypot(st.tlm[0]!, st.tlm[1]!) * Math.hypot(st.ctm[0]!, st.ctm[1]!);
    if (scale === item.advanceScale) return;
    item.totalWidth += item.width * item.advanceScale;
    item.width = 0;
    item.advanceScale = scale;
  }

  /** pdfjs's compareWithLastPosition for horizontal text: false for a glyph outside the page's view. */
  private compareWithLast(glyphWidth: number): boolean {
    const now = this.transformNow();
    let [x, y] = [now[4]!, now[5]!];
    const view = this.view;
    if (x + glyphWidth < view[0] || x > view[2] || y < view[1] || y > view[3]) return false;
    const item = this.item;
    if (!item.hasPrev) return true;
    const prev = item.prev;
    let [lastX, lastY] = [prev[4]!, prev[5]!];
    if (lastX === x && lastY === y) return true;
    let rotate = -1;
    if (now[0] && now[1] === 0 && now[2] === 0) rotate = now[0] > 0 ? 0 : 180;
    else if (now[1] && now[0] === 0 && now[3] === 0) rotate = now[1] > 0 ? 90 : 270;
    if (rotate === 90) [x, y, lastX, lastY] = [y, x, lastY, lastX];
    else if (rotate === 180) [x, y, lastX, lastY] = [-x, -y, -lastX, -lastY];
    else if (rotate === 270) [x, y, lastX, lastY] = [-y, -x, -lastY, -lastX];
    else if (rotate === -1) {
      [x, y] = inverseRotation(x, y, now);
      [lastX, lastY] = inverseRotation(lastX, lastY, prev);
    }
    const advanceX = (x - lastX) / item.advanceScale;
    const advanceY = y - lastY;
    const orientation = Math.sign(item.width || item.totalWidth);
    if (advanceX < orientation * item.negativeMax) {
      if (Math.abs(advanceY) > 0.5 * item.height) {
        this.endOfLine();
        return true;
      }
      this.resetLastChars();
      this.flush();
      return true;
    }
    const riseDelta = this.st.rise - item.prevRise;
    const advanceYCorrected = riseDelta === 0 ? advanceY : advanceY - (now[3]! / this.st.fontSize) * riseDelta;
    if (Math.abs(advanceYCorrected) > item.height) {
      this.endOfLine();
      return true;
    }
    if (advanceX <= orientation * item.notASpace) this.resetLastChars();
    if (advanceX <= orientation * item.trackingMin) {
      if (this.shouldAddWhitespace()) {
        this.resetLastChars();
        this.flush(); // and a blank run, which readPageRuns drops
      } else item.width += advanceX;
    } else if (!this.fakeSpace(advanceX, orientation)) {
      if (item.str.length === 0) this.resetLastChars();
      else item.width += advanceX;
    }
    if (Math.abs(advanceY) > item.height * VERTICAL_SHIFT) this.flush();
    return true;
  }

  /** pdfjs's addFakeSpaces: a gap within the flow is a space in the run; a wider one ends it (a blank run between). */
  private fakeSpace(width: number, orientation: number): boolean {
    const item = this.item;
    if (orientation * item.spaceMin <= width && width <= orientation * item.spaceMax) {
      if (item.initialized) {
        this.resetLastChars();
        item.str.push(' ');
      }
      return false;
    }
    this.flush();
    this.resetLastChars();
    return true;
  }

  private endOfLine(): void {
    this.resetLastChars();
    if (this.item.initialized) this.flush();
  }

  /** Ends the current run: kept when readPageRuns would keep it (not blank, horizontal, left to right). */
  flush(): void {
    const item = this.item;
    if (!item.initialized) return;
    item.totalWidth += item.width * item.advanceScale;
    let str = item.str.join('');
    if (str.includes('\ufb05')) giveUp();
    str = str.replace(NORMALIZED, (s) => s.normalize('NFKC'));
    if (RIGHT_TO_LEFT.test(str)) giveUp();
    item.initialized = false;
    item.str = [];
    const run = keptRun(str, item.transform, Math.abs(item.totalWidth));
    if (run) this.runs.push(run);
  }
}

function inverseRotation(x: number, y: number, m: M): [number, number] {
  const scale = Math.hypot(m[0]!, m[1]!);
  return [(m[0]! * x + m[1]! * y) / scale, (m[2]! * x + m[3]! * y) / scale];
}


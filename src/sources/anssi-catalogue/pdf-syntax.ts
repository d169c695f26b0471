/**
 * Just enough of PDF's object syntax for the readers that take pages straight from the file (content-text.ts and
 * content-marks.ts): numbers, names, strings, arrays, dictionaries and references, from an object's text or a
 * content stream (both latin1 strings). Bounded: a string, an array or a dictionary too long, or nesting too deep,
 * is a SyntaxLimit, which the readers turn into "not a plain case" (pdfjs then decides).
 */

export class Name {
  constructor(readonly name: string) {}
}

export class Ref {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A string's bytes, one char per byte; an operator or keyword (`true`, `R`, `Tj`) is an Op. */
export class Op {
  constructor(readonly op: string) {}
}

export type Value = number | string | boolean | null | Name | Ref | Value[] | Dict;
export type Dict = Map<string, Value>;

export class SyntaxLimit extends Error {
  override name = 'SyntaxLimit';
}

const MAX_STRING = 65536;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const MAX_ITEMS = 100_000;
const MAX_DEPTH = 32;

// Character classes of PDF's lexical conventions (ISO 32000-1, 7.2.2).
const WHITE = new Uint8Array(256);
const DELIM = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

const hexValue = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);

const ESCAPED: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

const END = Symbol('end');
const ARRAY_END = Symbol(']');
const DICT_END = Symbol('>>');
type Token = Value | Op | typeof END | typeof ARRAY_END | typeof DICT_END;

/**
 * Reads objects one after the other from `s`, from `pos`. `refs`: whether `num gen R` is read as a reference (in
 * objects; a content stream has none, and looking ahead after every integer would read its numbers thrice).
 */
export class Lexer {
  constructor(
    private readonly s: string,
    public pos = 0,
    private readonly refs = true,
  ) {}

  /** The next object or operator; END at the end of the text. References are read by `value`, not here. */
  private token(): Token {
    const s = this.s;
    let c = this.skip();
    if (c < 0) return END;
    const start = this.pos;
    if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
      let i = start + 1;
      while (i < s.length && ((c = s.charCodeAt(i)) >= 48 && c <= 57 || c === 46)) i++;
      this.pos = i;
      const text = s.slice(start, i);
      // pdfjs reads a malformed number its own way ("1.2.3", "--1", "1-2", "-" alone): not followed.
      if (!NUMBER.test(text) || c === 43 || c === 45) throw new SyntaxLimit(`malformed number ${text}`);
      return Number(text);
    }
    if (c === 47) return new Name(this.name());
    if (c === 40) return this.literal();
    if (c === 60) {
      if (s.charCodeAt(start + 1) === 60) {
        this.pos += 2;
        return this.dict();
      }
      return this.hex();
    }
    if (c === 91) {
      this.pos++;
      return this.array();
    }
    if (c === 93) {
      this.pos++;
      return ARRAY_END;
    }
    if (c === 62 && s.charCodeAt(start + 1) === 62) {
      this.pos += 2;
      return DICT_END;
    }
    let i = start;
    while (i < s.length && !WHITE[(c = s.charCodeAt(i))] && !DELIM[c]) i++;
    if (i === start) i++; // a stray delimiter (`)`, `{`, `}`, a lone `>`): an operator of its own
    this.pos = i;
    const word = s.slice(start, i);
    return word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : new Op(word);
  }

  private depth = 0;

  /** The next object, references included; an Op for an operator; undefined at the end. */
  next(): Value | Op | undefined {
    const t = this.value(this.token());
    if (t === END) return undefined;
    if (t === ARRAY_END || t === DICT_END) return new Op(t === ARRAY_END ? ']' : '>>');
    return t;
  }

  /** `num gen R` is a reference: looked ahead for after an integer. */
  private value(t: Token): Token {
    if (!this.refs || typeof t !== 'number' || !Number.isInteger(t) || t < 0) return t;
    const at = this.pos;
    const gen = this.token();
    if (typeof gen === 'number' && Number.isInteger(gen) && gen >= 0) {
      const r = this.token();
      if (r instanceof Op && r.op === 'R') return new Ref(t, gen);
    }
    this.pos = at;
    return t;
  }

  private nest<T>(read: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new SyntaxLimit('nesting too deep');
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  private array(): Value[] {
    return this.nest(() => {
      const items: Value[] = [];
      for (;;) {
        const t = this.value(this.token());
        if (t === ARRAY_END) return items;
        if (t === END || t === DICT_END || t instanceof Op) throw new SyntaxLimit('unterminated array');
        if (items.length >= MAX_ITEMS) throw new SyntaxLimit('array too long');
        items.push(t);
      }
    });
  }

  private dict(): Dict {
    return this.nest(() => {
      const dict: Dict = new Map();
      for (;;) {
        const key = this.token();
        if (key === DICT_END) return dict;
        if (!(key instanceof Name)) throw new SyntaxLimit('dictionary key is not a name');
        const v = this.value(this.token());
        if (v === END || v === ARRAY_END || v === DICT_END || v instanceof Op) throw new SyntaxLimit('unterminated dictionary');
        if (dict.size >= MAX_ITEMS) throw new SyntaxLimit('dictionary too long');
        dict.set(key.name, v);
      }
    });
  }

  private name(): string {
    const s = this.s;
    let i = this.pos + 1;
    let c: number;
    while (i < s.length && !WHITE[(c = s.charCodeAt(i))] && !DELIM[c]) i++;
    const raw = s.slice(this.pos + 1, i);
    this.pos = i;
    return raw.includes('#') ? raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw;
  }

  private literal(): string {
    const s = this.s;
    let out = '';
    let depth = 1;
    let i = this.pos + 1;
    let from = i;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 40) depth++;
      else if (c === 41 && --depth === 0) break;
      else if (c === 92) {
        out += s.slice(from, i);
        const n = s[++i];
        if (n === undefined) break;
        if (n >= '0' && n <= '7') {
          let j = i;
          while (j < i + 3 && s[j]! >= '0' && s[j]! <= '7') j++;
          out += String.fromCharCode(parseInt(s.slice(i, j), 8) & 0xff);
          i = j - 1;
        } else if (n === '\r') {
          if (s[i + 1] === '\n') i++;
        } else if (n !== '\n') out += ESCAPED[n] ?? n;
        from = i + 1;
      }
      if (out.length + (i - from) > MAX_STRING) throw new SyntaxLimit('string too long');
    }
    if (depth !== 0) throw new SyntaxLimit('unterminated string');
    out += s.slice(from, i);
    this.pos = i + 1;
    return out;
  }

  private hex(): string {
    const s = this.s;
    const end = s.indexOf('>', this.pos + 1);
    if (end < 0 || end - this.pos > 2 * MAX_STRING) throw new SyntaxLimit('unterminated or too long hex string');
    let out = '';
    let high = -1;
    for (let i = this.pos + 1; i < end; i++) {
      const c = s.charCodeAt(i);
      if (WHITE[c]) continue;
      const v = hexValue(c);
      if (v < 0) throw new SyntaxLimit('not a hex digit');
      if (high < 0) high = v;
      else {
        out += String.fromCharCode((high << 4) | v);
        high = -1;
      }
    }
    if (high >= 0) out += String.fromCharCode(high << 4);
    this.pos = end + 1;
    return out;
  }

  /** Skips white space and comments; the next character's code, or -1 at the end. */
  private skip(): number {
    const s = this.s;
    let i = this.pos;
    for (;;) {
      if (i >= s.length) {
        this.pos = i;
        return -1;
      }
      const c = s.charCodeAt(i);
      if (WHITE[c]) i++;
      else if (c === 37) {
        while (i < s.length && s.charCodeAt(i) !== 10 && s.charCodeAt(i) !== 13) i++;
      } else {
        this.pos = i;
        return c;
      }
    }
  }
}

/** The value of an indirect object from its text (`num gen obj … endobj`), or undefined when unparsable. */
export function objectValue(text: string): Value | undefined {
  const m = /^\s*\d+\s+\d+\s+obj\b/.exec(text);
  if (!m) return undefined;
  try {
    const v = new Lexer(text, m[0].length).next();
    return v instanceof Op ? undefined : v;
  } catch (err) {
    if (err instanceof SyntaxLimit) return undefined;
    throw err;
  }
}

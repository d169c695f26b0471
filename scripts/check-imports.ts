/**
 * The import-graph check (STYLE.md point 1: folders in pipeline order, every arrow one direction).
 * Usage: `tsx scripts/check-imports.ts [root]`: exit 0 when clean, 1 with one line per violation.
 *
 * A small hand-written tokenizer rather than a compiler API: TypeScript 7 has no JS API, and an analyser
 * that silently sees nothing would pass every time. So this one also fails when it finds no file or no edge.
 * Type-only imports count as edges: `import type` from an adapter is still the wrong arrow, and one rule
 * for every import is simpler to trust than a graph with holes.
 */
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SCANNED_DIRS = ['src', 'workers', 'scripts', 'bench'];
/** All src/core may import outside itself: pure, no I/O. ioredis, bullmq, pino, node:fs… are refused by omission. */
const CORE_BUILTINS = new Set(['node:crypto']);
const CORE_PACKAGES = new Set(['zod']);

export interface ImportRef { specifier: string; dynamic: boolean; typeOnly: boolean }
type Tok = { t: 'id' | 'str' | 'lit' | 'p'; v: string };
type Target = { kind: 'file'; path: string } | { kind: 'builtin' | 'package'; name: string } | { kind: 'missing' };

/** Keywords after which `/` starts a regex rather than a division. */
const BEFORE_EXPR = new Set('return typeof instanceof in of new delete void throw case do else yield await'.split(' '));
const WORD = /[\p{L}\p{N}_$\u200c\u200d]+/uy;

/** Identifiers, strings and punctuation: comments vanish; strings, templates and regexes never read as code. */
export function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  const openSubstitutions: number[] = []; // brace depth at each `${` still open
  let depth = 0;
  let i = 0;
  const readTemplate = (from: number, head: boolean): void => {
    let text = '';
    for (let j = from; j < src.length; j++) {
      const c = src[j];
      if (c === '\\') { text += src[++j] ?? ''; continue; }
      if (c === '`') { toks.push({ t: head ? 'str' : 'lit', v: text }); i = j + 1; return; } // no `${`: a plain string
      if (c === '$' && src[j + 1] === '{') {
        openSubstitutions.push(depth);
        toks.push({ t: 'p', v: '${' });
        i = j + 2;
        return;
      }
      text += c;
    }
    i = src.length;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') { const e = src.indexOf('\n', i); i = e < 0 ? src.length : e; continue; }
    if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      i = e < 0 ? src.length : e + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      for (; j < src.length && src[j] !== c && src[j] !== '\n'; j++) {
        text += src[j] === '\\' ? (src[++j] ?? '') : src[j];
      }
      toks.push({ t: 'str', v: text });
      i = j + 1;
      continue;
    }
    if (c === '`') { readTemplate(i + 1, true); continue; }
    if (c === '}' && openSubstitutions.at(-1) === depth) {
      openSubstitutions.pop();
      readTemplate(i + 1, false);
      continue;
    }
    if (c === '/' && regexMayStart(toks.at(-1))) {
      const end = regexEnd(src, i);
      if (end > 0) { toks.push({ t: 'lit', v: src.slice(i, end) }); i = end; continue; }
    }
    WORD.lastIndex = i;
    const word = WORD.exec(src);
    if (word) { toks.push({ t: 'id', v: word[0] }); i += word[0].length; continue; }
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (!/\s/.test(c)) toks.push({ t: 'p', v: c });
    i++;
  }
  return toks;
}

function regexMayStart(last: Tok | undefined): boolean {
  if (!last) return true;
  if (last.t === 'id') return BEFORE_EXPR.has(last.v);
  return last.t === 'p' && !')]}'.includes(last.v);
}

/** Index just past the regex literal starting at `start`, or -1 when the line ends first (then it was a division). */
function regexEnd(src: string, start: number): number {
  let inClass = false;
  for (let j = start + 1; j < src.length; j++) {
    const c = src[j];
    if (c === '\n') return -1;
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      for (j++; j < src.length && /[a-z]/.test(src[j]!); j++);
      return j;
    }
  }
  return -1;
}

/** Module specifiers of static imports, re-exports and `import('literal')` calls, in source order. */
export function scanImports(src: string): ImportRef[] {
  const toks = tokenize(src);
  const refs: ImportRef[] = [];
  toks.forEach((tok, k) => {
    const prev = toks[k - 1];
    if (tok.t !== 'id' || (tok.v !== 'import' && tok.v !== 'export') || (prev?.t === 'p' && prev.v === '.')) return;
    const [n1, n2, n3] = [toks[k + 1], toks[k + 2], toks[k + 3]];
    if (tok.v === 'import' && n1?.t === 'p' && n1.v === '(') {
      const literal = n2?.t === 'str' && n3?.t === 'p' && (n3.v === ')' || n3.v === ',');
      if (literal) refs.push({ specifier: n2.v, dynamic: true, typeOnly: false });
      return;
    }
    if (tok.v === 'import' && n1?.t === 'str') {
      refs.push({ specifier: n1.v, dynamic: false, typeOnly: false });
      return;
    }
    // `import type from './x.js'` imports a default export named "type"
    const typeOnly = n1?.v === 'type' && n2?.v !== 'from' && n2?.v !== ',';
    const first = typeOnly ? n2 : n1;
    if (tok.v === 'export' && !(first?.t === 'p' && (first.v === '*' || first.v === '{'))) return;
    const specifier = fromClause(toks, k + 1);
    if (specifier !== undefined) refs.push({ specifier, dynamic: false, typeOnly });
  });
  return refs;
}

/** The string after `from` ending an import/export clause that starts at `j`, if the clause is one. */
function fromClause(toks: Tok[], j: number): string | undefined {
  for (let depth = 0; j < toks.length && depth >= 0; j++) {
    const t = toks[j]!;
    if (t.t === 'p' && (t.v === '{' || t.v === '}')) depth += t.v === '{' ? 1 : -1;
    else if (t.t === 'id' && t.v === 'from' && depth === 0 && toks[j + 1]?.t === 'str') return toks[j + 1]!.v;
    else if (t.t === 'id' && (t.v === 'import' || t.v === 'export')) return undefined;
    else if (!(t.t === 'id' || (t.t === 'p' && ',*'.includes(t.v)) || (t.t === 'str' && depth > 0))) return undefined;
  }
  return undefined;
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();
const toRel = (root: string, p: string): string => relative(root, p).split(sep).join('/');

/** `./x.js` is `./x.ts` on disk (NodeNext); `./dir` may be `./dir/index.ts`; non-TS files (JSON) are files too. */
function resolveSpecifier(root: string, from: string, spec: string): Target {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const abs = resolve(root, dirname(from), spec);
    const candidates = /\.[mc]?js$/.test(abs) ? [abs.replace(/js$/, 'ts'), abs] : [abs, `${abs}.ts`, `${abs}/index.ts`];
    const hit = candidates.find(isFile);
    return hit ? { kind: 'file', path: toRel(root, hit) } : { kind: 'missing' };
  }
  if (spec.startsWith('node:') || builtinModules.includes(spec)) return { kind: 'builtin', name: spec };
  const parts = spec.split('/');
  return { kind: 'package', name: spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]! };
}

interface Rule { name: string; applies: RegExp; says: string; forbids: (from: string, to: Target) => boolean }
const platformOf = (p: string): string | undefined => /^src\/platforms\/([^/]+)\//.exec(p)?.[1];
const fileMatching = (to: Target, re: RegExp): boolean => to.kind === 'file' && re.test(to.path);

export const RULES: Rule[] = [
  { name: 'core-pure', applies: /^src\/core\//, says: 'src/core may import only src/core, node:crypto and zod',
    forbids: (_, to) => to.kind === 'file' ? !to.path.startsWith('src/core/')
      : to.kind === 'builtin' ? !CORE_BUILTINS.has(to.name) : to.kind === 'package' && !CORE_PACKAGES.has(to.name) },
  // src/cli.ts is an entry point: it may wire workers in; nothing else under src/ may reach up to it.
  // The command line (src/cli.ts and its commands in src/cli/) is an entry point: it wires workers in.
  { name: 'entry-points-on-top', applies: /^src\/(?!cli\.ts$|cli\/)/,
    says: 'src (but the command line) never imports src/cli, workers/, scripts/, bench/ or test/',
    forbids: (_, to) => fileMatching(to, /^(workers|scripts|bench|test)\/|^src\/cli(\.ts$|\/)/) },
  { name: 'platforms-apart', applies: /^src\/platforms\/[^/]+\//, says: 'a platform never imports another platform',
    forbids: (from, to) => to.kind === 'file' && ![undefined, platformOf(from)].includes(platformOf(to.path)) },
  { name: 'platform-neutral', applies: /^src\/(sources|commands)\//,
    says: 'src/sources and src/commands never import src/platforms',
    forbids: (_, to) => fileMatching(to, /^src\/platforms\//) },
];

/** One shortest cycle through each file that is on a cycle, deduplicated, each starting at its smallest file. */
export function findCycles(graph: Map<string, Set<string>>): string[][] {
  const found = new Map<string, string[]>();
  for (const start of [...graph.keys()].sort()) {
    const parent = new Map<string, string>([[start, start]]);
    let last: string | undefined;
    for (let q = 0, queue = [start]; q < queue.length && last === undefined; q++) {
      for (const next of [...(graph.get(queue[q]!) ?? [])].sort()) {
        if (next === start) { last = queue[q]!; break; }
        if (!parent.has(next)) { parent.set(next, queue[q]!); queue.push(next); }
      }
    }
    if (last === undefined) continue;
    const ring: string[] = [];
    for (let n = last; n !== start; n = parent.get(n)!) ring.unshift(n);
    ring.unshift(start);
    const m = ring.indexOf([...ring].sort()[0]!);
    const canon = [...ring.slice(m), ...ring.slice(0, m)];
    found.set(canon.join('\n'), [...canon, canon[0]!]);
  }
  return [...found.values()];
}

export interface Report { ok: boolean; files: number; edges: number; violations: string[]; summary: string }

export function checkImports(root: string): Report {
  const files = SCANNED_DIRS.flatMap((d) => listTs(root, d)).sort();
  const none = { ok: false, files: files.length, edges: 0, violations: [] };
  const where = `${SCANNED_DIRS.join('/, ')}/ of ${root}`;
  if (files.length === 0) return { ...none, summary: `import graph: no files found under ${where}` };
  const graph = new Map(files.map((f) => [f, new Set<string>()]));
  const layering: string[] = [];
  const unresolved: string[] = [];
  for (const from of files) {
    for (const { specifier } of scanImports(readFileSync(join(root, from), 'utf8'))) {
      const to = resolveSpecifier(root, from, specifier);
      if (to.kind === 'missing') unresolved.push(`unresolved: ${from} imports '${specifier}' (no such file)`);
      if (to.kind === 'file' && graph.has(to.path)) graph.get(from)!.add(to.path);
      for (const r of RULES.filter((rule) => rule.applies.test(from) && rule.forbids(from, to))) {
        layering.push(`layering [${r.name}]: ${from} imports '${specifier}': ${r.says}`);
      }
    }
  }
  const edges = [...graph.values()].reduce((n, s) => n + s.size, 0);
  const blind = `import graph: ${files.length} files but no edges between them: the scanner is seeing nothing`;
  if (edges === 0) return { ...none, summary: blind };
  const cycles = findCycles(graph).map((c) => `cycle: ${c.join(' -> ')}`);
  const violations = [...cycles, ...layering, ...unresolved];
  const parts = [
    `import graph: ${files.length} files, ${edges} edges`,
    cycles.length ? `${cycles.length} cycle(s)` : 'no cycle',
    layering.length ? `${layering.length} layering violation(s)` : 'layering ok',
    ...(unresolved.length ? [`${unresolved.length} unresolved import(s)`] : []),
  ];
  return { ok: violations.length === 0, files: files.length, edges, violations, summary: parts.join(', ') };
}

function listTs(root: string, dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const skip = e.name === 'node_modules' || e.name.startsWith('.');
    if (e.isDirectory()) return skip ? [] : listTs(root, `${dir}/${e.name}`);
    return e.isFile() && /\.[mc]?ts$/.test(e.name) ? [`${dir}/${e.name}`] : [];
  });
}

const entry = process.argv[1];
if (entry && existsSync(entry) && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  const report = checkImports(resolve(process.argv[2] ?? '.'));
  for (const line of report.violations) console.error(line);
  (report.ok ? console.log : console.error)(report.summary);
  process.exitCode = report.ok ? 0 : 1;
}

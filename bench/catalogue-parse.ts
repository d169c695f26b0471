/**
 * Benchmark (not a test): how long the CLI takes to parse the catalogue, beyond its start-up cost,
 * compared with `pdftotext -layout` on the same file. Run with `npm run -s bench:catalogue-parse`.
 *
 * For the real 68-page PDF and the 300-page edition (test/support/editions.ts), it times, as wall time
 * of a child process, the median of RUNS runs (default 7, env BENCH_RUNS) of:
 *   (a) node dist/src/cli.js parse anssi-catalogue <file>   (the compiled CLI: `npm run build` first)
 *   (l) the same with --list all: every list of the catalogue, products included since issue 23 (the real
 *       edition only: grown300's copied pages land inside 3.2.11 and 3.4, whose tables they would duplicate)
 *   (t) with BENCH_BASELINE=<another build's dist/src/cli.js>: (a) with that build, side by side
 *   (b) the same command on an empty file (it fails at once, exit 2): start-up cost only
 *   (c) pdftotext -layout <file> -
 * and prints the marginal parse times a − b, l − b (t − b) and their ratio to c. Runs are interleaved
 * (a, l, t, b, c, a, …) after one unmeasured warm-up of each, so drift in machine load spreads over all.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { writeEdition, type EditionName } from '../test/support/editions.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Math.max(7, Number(process.env.BENCH_RUNS ?? 7) || 7);

interface Timed {
  ms: number;
  code: number | null;
  stderr: string;
}

/** Wall time from spawn to exit; stdout is discarded (it would be a pipe to read, for every command alike). */
function timeCommand(cmd: string, args: string[]): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, stderr }));
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function requirePdftotext(): void {
  const probe = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' });
  if (probe.error) {
    console.error('pdftotext not found (poppler-utils). Install it with: apt-get install -y poppler-utils');
    process.exit(1);
  }
}

function expectCode(what: string, t: Timed, code: number): void {
  if (t.code === code) return;
  console.error(`${what}: exit ${t.code}, expected ${code}\n${t.stderr.trim()}`);
  process.exit(1);
}

interface Row {
  pages: number;
  parse: number;
  all?: number;
  baseline?: number;
  empty: number;
  pdftotext: number;
}

const BASELINE = process.env.BENCH_BASELINE;

async function bench(file: string, empty: string, pages: number, lists: boolean): Promise<Row> {
  const cli = (f: string, ...extra: string[]): Promise<Timed> => timeCommand(process.execPath, ['dist/src/cli.js', 'parse', 'anssi-catalogue', f, ...extra]);
  const base = (f: string): Promise<Timed> => timeCommand(process.execPath, [BASELINE!, 'parse', 'anssi-catalogue', f]);
  const poppler = (): Promise<Timed> => timeCommand('pdftotext', ['-layout', file, '-']);
  // Warm-up, unmeasured, also checks every command does what it should.
  expectCode(`parse ${file}`, await cli(file), 0);
  if (lists) expectCode(`parse ${file} --list all`, await cli(file, '--list', 'all'), 0);
  if (BASELINE) expectCode(`baseline parse ${file}`, await base(file), 0);
  expectCode(`parse ${empty}`, await cli(empty), 2);
  expectCode(`pdftotext ${file}`, await poppler(), 0);
  const times = { parse: [] as number[], all: [] as number[], baseline: [] as number[], empty: [] as number[], pdftotext: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const a = await cli(file);
    expectCode(`parse ${file}`, a, 0);
    if (lists) {
      const l = await cli(file, '--list', 'all');
      expectCode(`parse ${file} --list all`, l, 0);
      times.all.push(l.ms);
    }
    if (BASELINE) {
      const t = await base(file);
      expectCode(`baseline parse ${file}`, t, 0);
      times.baseline.push(t.ms);
    }
    const b = await cli(empty);
    expectCode(`parse ${empty}`, b, 2);
    const c = await poppler();
    expectCode(`pdftotext ${file}`, c, 0);
    times.parse.push(a.ms);
    times.empty.push(b.ms);
    times.pdftotext.push(c.ms);
    process.stderr.write('.');
  }
  return {
    pages,
    parse: median(times.parse),
    ...(lists ? { all: median(times.all) } : {}),
    ...(BASELINE ? { baseline: median(times.baseline) } : {}),
    empty: median(times.empty),
    pdftotext: median(times.pdftotext),
  };
}

async function main(): Promise<void> {
  requirePdftotext();
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-bench-'));
  try {
    const empty = join(dir, 'empty.pdf');
    writeFileSync(empty, new Uint8Array(0));
    const inputs: [EditionName, number][] = [
      ['real', 68],
      ['grown300', 300],
    ];
    const rows: Row[] = [];
    for (const [name, pages] of inputs) {
      const file = await writeEdition(name, dir);
      process.stderr.write(`${name} (${pages} pages) `);
      rows.push(await bench(file, empty, pages, name === 'real'));
      process.stderr.write('\n');
    }
    const f = (n: number): string => n.toFixed(0).padStart(9);
    console.log(`medians of ${RUNS} runs, wall time in ms (node ${process.version})`);
    console.log('a: secnumcloud (default), l: --list all' + (BASELINE ? `, t: ${BASELINE} (secnumcloud)` : ''));
    console.log(`pages  parse(a)  all(l)${BASELINE ? '  base(t)' : ''}  empty(b)  a-b  l-b${BASELINE ? '  t-b' : ''}  pdftotext(c)  (a-b)/c  (l-b)/c${BASELINE ? '  (a-b)/(t-b)' : ''}`);
    for (const r of rows) {
      const a = r.parse - r.empty;
      const l = r.all !== undefined ? r.all - r.empty : NaN;
      const t = r.baseline !== undefined ? r.baseline - r.empty : undefined;
      const cols = [String(r.pages).padStart(5), f(r.parse), f(r.all ?? NaN), ...(t !== undefined ? [f(r.baseline!)] : []), f(r.empty), f(a), f(l), ...(t !== undefined ? [f(t)] : []), f(r.pdftotext), (a / r.pdftotext).toFixed(2), (l / r.pdftotext).toFixed(2), ...(t !== undefined ? [(a / t).toFixed(2)] : [])];
      console.log(cols.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

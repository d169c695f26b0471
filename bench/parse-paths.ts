/**
 * Benchmark (not a test): the cost of parsing the real catalogue through the parser thread, warm, against the same
 * adapter in this thread and `pdftotext -layout`, without any process start-up in the figures (which the wall-time
 * catalogue-parse bench cannot separate well on a busy machine). Run with `npm run -s bench:parse-paths`.
 * Medians of RUNS rounds (default 12, env BENCH_RUNS) after two unmeasured ones; rounds interleave the three.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FILE = `${ROOT}test/fixtures/anssi-catalogue/catalogue-anssi_2025-12-05.pdf`;
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 12) || 12);

// The compiled modules, as the tracker runs them (`npm run build` first).
const { createParserHost } = (await import(`${ROOT}dist/src/sources/parse-host/parse-host.js`)) as typeof import('../src/sources/parse-host/parse-host.js');
const { DEFAULT_PARSE_BUDGET } = (await import(`${ROOT}dist/src/sources/budget.js`)) as typeof import('../src/sources/budget.js');
const { loadAdapter } = (await import(`${ROOT}dist/src/sources/registry.js`)) as typeof import('../src/sources/registry.js');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async (f: () => unknown): Promise<number> => {
  const s = performance.now();
  await f();
  return performance.now() - s;
};

const bytes = new Uint8Array(readFileSync(FILE));
const host = createParserHost({ budget: DEFAULT_PARSE_BUDGET });
const adapter = (await loadAdapter('anssi-catalogue'))!;
const t = { thread: [] as number[], here: [] as number[], pdftotext: [] as number[] };
try {
  for (let i = 0; i < RUNS + 2; i++) {
    const round = {
      thread: await time(() => host.parse('anssi-catalogue', bytes, { source: 'anssi-catalogue' })),
      here: await time(() => adapter.parse(bytes, { source: 'anssi-catalogue' })),
      pdftotext: await time(() => execFileSync('pdftotext', ['-layout', FILE, '-'], { stdio: ['ignore', 'ignore', 'ignore'] })),
    };
    if (i < 2) continue;
    for (const k of Object.keys(t) as Array<keyof typeof t>) t[k].push(round[k]);
  }
} finally {
  await host.close();
}
const [thread, here, poppler] = [median(t.thread), median(t.here), median(t.pdftotext)];
console.log(`real catalogue (68 pages), warm, medians of ${RUNS} rounds, ms (node ${process.version})`);
console.log(`parser thread ${thread.toFixed(0)}  this thread ${here.toFixed(0)}  pdftotext -layout ${poppler.toFixed(0)}  thread/pdftotext ${(thread / poppler).toFixed(2)}`);

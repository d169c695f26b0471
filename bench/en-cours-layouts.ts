/**
 * Benchmark (not a test): what recognising the en cours page's layout costs beyond loading it, on a hostile page
 * (megabyte cells of "date date …", which the date and lead-in patterns would scan once per match if texts were not
 * clipped) and on the accordion fixture. Run with `npm run -s bench:en-cours-layouts`; prints medians of RUNS runs
 * (default 7, env BENCH_RUNS) of the page loaded alone (loadHtmlDocument), read with the table selectors, and read
 * with the layout recognised.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseAnssiPage, TABLE_SELECTORS } from '../src/sources/anssi-page/index.js';
import { DEFAULT_PARSE_BUDGET } from '../src/sources/budget.js';
import { loadHtmlDocument } from '../src/sources/html-load.js';

const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 7) || 7);
const cell = 'date '.repeat(200_000);
const hostile = new TextEncoder().encode(
  `<html><head><title>SecNumCloud</title></head><body><main><table><thead><tr><th>Prestataire</th><th>Service</th></tr></thead><tbody>${`<tr><td>${cell}</td><td>${cell}</td></tr>`.repeat(3)}</tbody></table><h2>x</h2><ul><li>${cell}</li></ul></main></body></html>`,
);
const accordion = new Uint8Array(readFileSync(new URL('../test/fixtures/anssi-page/accordion.html', import.meta.url)));

async function median(fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

for (const [name, bytes] of [['hostile (7 MB)', hostile], ['accordion.html', accordion]] as const) {
  const load = await median(() => loadHtmlDocument(bytes, undefined, DEFAULT_PARSE_BUDGET));
  const selectors = await median(() => parseAnssiPage(bytes, { selectors: { ...TABLE_SELECTORS } }));
  const recognised = await median(() => parseAnssiPage(bytes, {}));
  console.log(`${name}: load ${load.toFixed(1)} ms, table selectors ${selectors.toFixed(1)} ms, layout recognised ${recognised.toFixed(1)} ms (median of ${RUNS})`);
}

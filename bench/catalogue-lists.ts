/**
 * Benchmark (not a test): reading every list of the real December 2025 catalogue (the 17 service lists and the 5
 * product lists, decision 0023), warm, in this process, against `pdftotext -layout` of the whole document; also
 * the product lists alone. Issue 23's target: every list within 3 × pdftotext. Run with
 * `npm run -s bench:catalogue-lists`. Medians of RUNS rounds (default 9, env BENCH_RUNS) after two unmeasured ones;
 * rounds interleave the three, so drift in the machine's load spreads over all.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FILE = `${ROOT}test/fixtures/anssi-catalogue/catalogue-anssi_2025-12-05.pdf`;
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 9) || 9);

// The compiled modules, as the tracker runs them (`npm run build` first).
const lists = (await import(`${ROOT}dist/src/sources/anssi-catalogue/index.js`)) as typeof import('../src/sources/anssi-catalogue/index.js');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const time = async (f: () => unknown): Promise<number> => {
  const s = performance.now();
  await f();
  return performance.now() - s;
};

const bytes = new Uint8Array(readFileSync(FILE));
const every = async (): Promise<void> => {
  // As a poll reads them now (decision 0025): every list, and the annex of archived certificates (none in December).
  const doc = await lists.parseCatalogueLists(bytes.slice(), lists.LIST_IDS, { present: true, archive: true });
  const rows = Object.values(doc.lists).reduce((n, l) => n + (l?.length ?? 0), 0);
  if (rows !== 840) throw new Error(`every list: ${rows} rows, expected 840`);
};
const products = (): Promise<unknown> => lists.parseCatalogueLists(bytes.slice(), lists.PRODUCT_LIST_IDS);
const poppler = (): unknown => execFileSync('pdftotext', ['-layout', FILE, '-'], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 26 });

const t = { every: [] as number[], products: [] as number[], pdftotext: [] as number[] };
for (let i = 0; i < RUNS + 2; i++) {
  const round = { every: await time(every), products: await time(products), pdftotext: await time(poppler) };
  if (i < 2) continue;
  for (const k of Object.keys(t) as Array<keyof typeof t>) t[k].push(round[k]);
}
const [all, prod, c] = [median(t.every), median(t.products), median(t.pdftotext)];
console.log(`real catalogue (68 pages), warm, in process, medians of ${RUNS} rounds, ms (node ${process.version})`);
console.log(`every list (22) ${all.toFixed(0)}  product lists (5) ${prod.toFixed(0)}  pdftotext -layout ${c.toFixed(0)}  every/pdftotext ${(all / c).toFixed(2)}  products/pdftotext ${(prod / c).toFixed(2)}`);

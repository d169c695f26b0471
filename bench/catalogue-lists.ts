/**
 * Benchmark (not a test): reading every list of the real December 2025 catalogue (the 17 service lists and the 5
 * product lists, decision 0023), warm, in this process, against `pdftotext -layout` of the whole document; also
 * the product lists alone. Issue 23's target: every list within 3 × pdftotext. Run with
 * `npm run -s bench:catalogue-lists`. Medians of RUNS rounds (default 9, env BENCH_RUNS) after two unmeasured ones;
 * rounds interleave them, so drift in the machine's load spreads over all. Also the text runs of the 68 pages alone:
 * read from the content streams (decision 0031, the object index built each round) and through pdfjs.
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

const D = `${ROOT}dist/src/sources/anssi-catalogue/`;
const { openPdf, readPageRuns } = (await import(`${D}pdf-document.js`)) as typeof import('../src/sources/anssi-catalogue/pdf-document.js');
const { runsFromContent } = (await import(`${D}content-text.js`)) as typeof import('../src/sources/anssi-catalogue/content-text.js');
const { ObjectIndex } = (await import(`${D}object-index.js`)) as typeof import('../src/sources/anssi-catalogue/object-index.js');
const { DEFAULT_PARSE_BUDGET } = (await import(`${ROOT}dist/src/sources/budget.js`)) as typeof import('../src/sources/budget.js');

const bytes = new Uint8Array(readFileSync(FILE));
const every = async (): Promise<void> => {
  // As a poll reads them now (decision 0025): every list, and the annex of archived certificates (none in December).
  const doc = await lists.parseCatalogueLists(bytes.slice(), lists.LIST_IDS, { present: true, archive: true });
  const rows = Object.values(doc.lists).reduce((n, l) => n + (l?.length ?? 0), 0);
  if (rows !== 840) throw new Error(`every list: ${rows} rows, expected 840`);
};
const products = (): Promise<unknown> => lists.parseCatalogueLists(bytes.slice(), lists.PRODUCT_LIST_IDS);
const poppler = (): unknown => execFileSync('pdftotext', ['-layout', FILE, '-'], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 26 });

// Text runs alone: each round on a freshly opened document (pdfjs loads its fonts again, as in a parse).
const pageRuns = async (fast: boolean): Promise<number> => {
  const doc = await openPdf(bytes.slice(), DEFAULT_PARSE_BUDGET);
  try {
    const refs = await Promise.all(Array.from({ length: doc.numPages }, async (_, p) => (await doc.getPage(p + 1)).ref!));
    return await time(async () => {
      if (!fast) for (let p = 0; p < doc.numPages; p++) await readPageRuns(doc, p);
      else {
        const index = ObjectIndex.of(Buffer.from(bytes))!;
        for (const ref of refs) if (!runsFromContent(index, ref)) throw new Error('a page not read from its content stream');
      }
    });
  } finally {
    await doc.destroy();
  }
};

const t = { every: [] as number[], products: [] as number[], pdftotext: [] as number[], contentRuns: [] as number[], pdfjsRuns: [] as number[] };
for (let i = 0; i < RUNS + 2; i++) {
  const round = { every: await time(every), products: await time(products), pdftotext: await time(poppler), contentRuns: await pageRuns(true), pdfjsRuns: await pageRuns(false) };
  if (i < 2) continue;
  for (const k of Object.keys(t) as Array<keyof typeof t>) t[k].push(round[k]);
}
const [all, prod, c] = [median(t.every), median(t.products), median(t.pdftotext)];
console.log(`real catalogue (68 pages), warm, in process, medians of ${RUNS} rounds, ms (node ${process.version})`);
console.log(`text runs of the 68 pages: from the content streams ${median(t.contentRuns).toFixed(0)}  through pdfjs ${median(t.pdfjsRuns).toFixed(0)}`);
console.log(`every list (22) ${all.toFixed(0)}  product lists (5) ${prod.toFixed(0)}  pdftotext -layout ${c.toFixed(0)}  every/pdftotext ${(all / c).toFixed(2)}  products/pdftotext ${(prod / c).toFixed(2)}`);

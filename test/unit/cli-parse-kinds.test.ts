import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const CORPUS = 'test/fixtures/feeds-corpus';
const feeds = readdirSync(CORPUS).filter((f) => /\.(rss|atom)$/.test(f));

/** Runs at most `n` at a time: one process per file, as a user would, without starting 31 at once. */
async function inBatches<T, R>(items: readonly T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += n) out.push(...(await Promise.all(items.slice(i, i + n).map(fn))));
  return out;
}

describe('parse rss on every feed of the corpus', () => {
  it('prints the items of every feed, and one error line with exit 2 for what is not a feed', async () => {
    expect(feeds.length).toBeGreaterThanOrEqual(30);
    const results = await inBatches(feeds, 6, async (f) => ({ f, r: await runCli(['parse', 'rss', join(CORPUS, f)]) }));
    for (const { f, r } of results) {
      if (f === 'unrecognized.rss') {
        expect(r.code, f).toBe(2);
        expect(r.stdout, f).toBe('');
        expect(r.stderr.trimEnd().split('\n'), f).toHaveLength(1);
        expect(r.stderr, f).toMatch(/^error: .*unrecognized\.rss: /);
        continue;
      }
      expect(r.code, `${f}: ${r.stderr}`).toBe(0);
      const out = JSON.parse(r.stdout) as { source: string; items: Array<{ id: string; title: string }> };
      expect(out.source, f).toBe('rss');
      expect(out.items.length, f).toBeGreaterThan(0);
      for (const item of out.items) expect(item.id && item.title, f).toBeTruthy();
      expect(r.stderr, f).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});

describe('parse and diff anssi-page', () => {
  it('prints the en cours entries of a page, and exit 2 for a PDF given as a page', async () => {
    const r = await runCli(['parse', 'anssi-page', 'test/fixtures/anssi-page/table.html']);
    expect(r.code).toBe(0);
    const snapshot = JSON.parse(r.stdout) as { source: string; offers: Array<{ provider: string; status: string }> };
    expect(snapshot.source).toBe('anssi-page');
    expect(snapshot.offers).toHaveLength(8);
    expect(snapshot.offers.every((o) => o.status === 'in_progress')).toBe(true);
    const pdf = await runCli(['parse', 'anssi-page', 'test/fixtures/anssi-catalogue/catalogue-anssi_2025-12-05.pdf']);
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toMatch(/^error: .*catalogue-anssi_2025-12-05\.pdf: .*PDF/);
  });

  it('diffs a page that lost its entries as suspect, with no event', async () => {
    const r = await runCli(['diff', 'anssi-page', 'test/fixtures/anssi-page/table.html', 'test/fixtures/anssi-page/empty.html']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.stderr).toMatch(/would hold the new document as suspect/);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../src/sources/anssi-catalogue/index.js';
import { budgetFor, DEFAULT_PARSE_BUDGET, ParseBudgetError } from '../../src/sources/budget.js';
import { loadAdapter } from '../../src/sources/registry.js';
import { BOMBS, contentStreamsPdf, type BombName } from '../support/pdf-bombs.js';
import { runWatchedNode } from '../support/watched-process.js';

const MIB = 1024 * 1024;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pdf-bombs-'));
  for (const [name, make] of Object.entries(BOMBS)) writeFileSync(join(dir, `${name}.pdf`), await make());
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each bomb is parsed by the compiled CLI in a child process, killed past 1 GiB (they took 2.2 to 4.4 GB
// before the decoders were metered), so a regression fails the test instead of exhausting the machine.
describe('a PDF compression bomb is refused before its memory is spent (issue 14, finding 2)', () => {
  it.each(Object.keys(BOMBS) as BombName[])('%s: exit 2, a ParseBudgetError, and a peak RSS under 512 MB', async (name) => {
    const run = await runWatchedNode(['dist/src/cli.js', 'parse', 'anssi-catalogue', join(dir, `${name}.pdf`)], {
      maxRssBytes: 1024 * MIB,
      timeoutMs: 120_000,
    });
    expect(run.killed).toBeUndefined();
    expect(run.stderr.trim()).toMatch(/: (a stream of the PDF decodes|the PDF's streams decode) to more than 200 MB( in all)?, over the parse budget: refused as a compression bomb$/);
    expect(run.code).toBe(2);
    expect(run.maxRss).toBeLessThan(512 * 1000 * 1000);
  }, 150_000);
});

describe('the decoded bytes of a PDF are metered per stream and per document', () => {
  it('refuses streams that fit one by one but not together, and reads them under a budget that holds them', async () => {
    const pdf = contentStreamsPdf(3, 2 * MIB); // three content streams of 2 MiB of spaces each
    const tight = budgetFor(1_000_000); // 4 MB in all
    const err: unknown = await parseCatalogue(pdf, tight).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseBudgetError);
    expect((err as Error).message).toBe("the PDF's streams decode to more than 4 MB in all, over the parse budget: refused as a compression bomb");
    // Within budget, the same PDF is merely not the catalogue.
    await expect(parseCatalogue(pdf, budgetFor(10_000_000))).rejects.toMatchObject({ name: 'CatalogueFormatError' });
  });

  it('takes the budget from the parse context of the registry, and reads the real catalogue within the default', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../fixtures/anssi-catalogue/catalogue-anssi_2025-12-05.pdf', import.meta.url)));
    const adapter = (await loadAdapter('anssi-catalogue'))!;
    const parsed = await adapter.parse(bytes, { source: 'anssi-catalogue', budget: DEFAULT_PARSE_BUDGET });
    expect(parsed.records === 'offers' && parsed.snapshot.offers.length).toBeGreaterThan(0);
    // Below one page's content stream (the fonts, read from the objects, are no longer decoded: decision 0031).
    const small = { ...DEFAULT_PARSE_BUDGET, maxDecodedBytes: 16 * 1024 };
    await expect(adapter.parse(bytes, { source: 'anssi-catalogue', budget: small })).rejects.toThrow(ParseBudgetError);
  });
});

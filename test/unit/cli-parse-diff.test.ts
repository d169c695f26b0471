import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/core/diff.js';
import type { OfferEvent } from '../../src/core/events.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { getEdition, notCatalogues } from '../support/editions.js';
import { runCli } from '../support/run-cli.js';

let dir: string;
const file = (name: string): string => join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
  writeFileSync(file('real.pdf'), (await getEdition('real')).bytes);
  writeFileSync(file('january.pdf'), (await getEdition('syntheticOutline')).bytes);
  for (const n of notCatalogues) writeFileSync(file(`${n.name.replace(/\W+/g, '_')}.bin`), n.bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One line on stderr that names the file, no stack trace, nothing on stdout. */
function expectOneLineError(r: { code: number | null; stdout: string; stderr: string }, mention: string): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toContain(mention);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('parse anssi-catalogue', () => {
  it('prints exactly the 16 rows of the December 2025 catalogue as JSON, and nothing else', async () => {
    const r = await runCli(['parse', 'anssi-catalogue', file('real.pdf')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const expected = catalogueSnapshot();
    expect(JSON.parse(r.stdout)).toEqual({ source: 'anssi-catalogue', edition: '2025-12-05', offers: expected.offers });
    expect(expected.offers).toHaveLength(16);
  });

  it.each(notCatalogues.map((n) => n.name))('refuses %s with exit 2 and one line naming the file', async (name) => {
    const path = file(`${name.replace(/\W+/g, '_')}.bin`);
    expectOneLineError(await runCli(['parse', 'anssi-catalogue', path]), path);
  });

  it('refuses a missing file, an unknown kind and a missing argument with exit 2', async () => {
    expectOneLineError(await runCli(['parse', 'anssi-catalogue', file('nope.pdf')]), 'no such file');
    expectOneLineError(await runCli(['parse', 'nonsense', file('real.pdf')]), 'unknown source kind "nonsense"');
    expectOneLineError(await runCli(['parse', 'anssi-catalogue']), "missing required argument 'file'");
  });
});

describe('diff anssi-catalogue', () => {
  it('finds no change between an edition and itself', async () => {
    const r = await runCli(['diff', 'anssi-catalogue', file('real.pdf'), file('real.pdf')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('prints the same events as the core diff of the two editions, with a detection time', async () => {
    const r = await runCli(['diff', 'anssi-catalogue', file('real.pdf'), file('january.pdf')]);
    expect(r.code).toBe(0);
    const events = JSON.parse(r.stdout) as OfferEvent[];
    const january = await getEdition('syntheticOutline');
    const want = diffSnapshots(
      catalogueSnapshot(),
      { source: 'anssi-catalogue', ...january.expected },
      { detectedAt: 'ignored' },
    );
    expect(want.length).toBeGreaterThan(0);
    expect(events.map(({ detectedAt: _, ...e }) => e)).toEqual(want.map(({ detectedAt: _, ...e }) => e));
    for (const e of events) expect(Number.isNaN(Date.parse(e.detectedAt))).toBe(false);
  });

  it('refuses a broken second document with exit 2 and prints no partial diff', async () => {
    const bad = notCatalogues[0]!;
    const path = file(`${bad.name.replace(/\W+/g, '_')}.bin`);
    expectOneLineError(await runCli(['diff', 'anssi-catalogue', file('real.pdf'), path]), path);
  });
});

describe('the command line itself', () => {
  it('answers an unknown command with one line and exit 2, pointing at the usage', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: unknown command 'frobnicate' (secnumcloud-tracker --help shows the usage)\n");
  });

  it('stops with exit 1 and the variable named when the environment is invalid', async () => {
    const r = await runCli(['parse', 'rss', 'x.xml'], { LOG_LEVEL: 'loud' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^configuration error: LOG_LEVEL/);
  });
});

/**
 * Hostile feeds (issue 14, findings 1 and 3): a feed nested tens of thousands of levels deep is refused
 * early, as a format error, in bounded time and memory; characters XML does not allow cost a U+FFFD, never
 * the feed. The bombs run in a child process on the built dist, under a watchdog that kills it on overrun,
 * so a regression fails the test instead of freezing or exhausting the machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_BUDGET, ParseBudgetError } from '../../src/sources/budget.js';
import { SourceFormatError } from '../../src/sources/errors.js';
import { parseFeed } from '../../src/sources/rss/index.js';
import { ROOT, runCli, runProcess } from '../support/run-cli.js';

/** One item whose title nests `levels` elements around "x": 20,000 levels are 140 KB, 40,000 are 280 KB. */
const nested = (levels: number): string =>
  `<rss version="2.0"><channel><item><title>${'<a>'.repeat(levels)}x${'</a>'.repeat(levels)}</title></item></channel></rss>`;

/** Well beyond a fixed parse (about 2 s of process start on a loaded machine); before the fix: 13 s to 142 s. */
const WATCHDOG_MS = 30_000;
/** The child's heap is capped too, so even a regression that allocates fast stays far from the machine's memory. */
const CHILD_NODE = ['--max-old-space-size=1024'];

/**
 * Parses a hostile feed with the rss adapter of dist/ in a child process; reports the outcome and the child's
 * peak RSS. `nested N`: a title nested N levels deep; `wide N`: a title and a description of N bytes of words
 * each; `items N`: N empty items.
 */
const CHILD = `
const [shape, n] = [process.argv[1], Number(process.argv[2])];
const { loadAdapter } = await import(${JSON.stringify(join(ROOT, 'dist/src/sources/registry.js'))});
const { SourceFormatError } = await import(${JSON.stringify(join(ROOT, 'dist/src/sources/errors.js'))});
const items = shape === 'nested' ? '<item><title>' + '<a>'.repeat(n) + 'x' + '</a>'.repeat(n) + '</title></item>'
  : shape === 'wide' ? '<item><title>' + 'titre '.repeat(n / 6) + '</title><description>' + 'mot '.repeat(n / 4) + '</description></item>'
  : '<item/>'.repeat(n);
const bytes = new TextEncoder().encode('<rss version="2.0"><channel>' + items + '</channel></rss>');
const adapter = await loadAdapter('rss');
let outcome;
try {
  const doc = await adapter.parse(bytes, { source: 'hostile' });
  outcome = { parsed: doc.items.length, title: doc.items[0]?.title.length, summary: doc.items[0]?.summary?.length };
} catch (e) {
  outcome = { error: e.name, message: e.message, format: e instanceof SourceFormatError };
}
process.stdout.write(JSON.stringify({ ...outcome, maxRssKb: process.resourceUsage().maxRSS }));
`;

const dir = mkdtempSync(join(tmpdir(), 'rss-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a deeply nested feed (finding 1)', () => {
  it.each([20_000, 40_000])('%i levels: a ParseBudgetError in the adapter, peak RSS under 512 MB, within the watchdog', async (levels) => {
    const r = await runProcess(process.execPath, [...CHILD_NODE, '--input-type=module', '-e', CHILD, 'nested', String(levels)], { env: process.env, timeoutMs: WATCHDOG_MS });
    expect(r.timedOut, 'killed by the watchdog').toBeUndefined();
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { error?: string; message?: string; format?: boolean; maxRssKb: number };
    expect(out).toMatchObject({ error: 'ParseBudgetError', format: true, message: 'feed nested deeper than 256 elements' });
    expect(out.maxRssKb).toBeLessThan(512 * 1024);
  }, WATCHDOG_MS + 10_000);

  it.each([20_000, 40_000])('%i levels: `parse rss` exits 2 with one line, within the watchdog', async (levels) => {
    const file = join(dir, `nested-${levels}.xml`);
    writeFileSync(file, nested(levels));
    const r = await runCli(['parse', 'rss', file], {}, undefined, { timeoutMs: WATCHDOG_MS });
    expect(r.timedOut, 'killed by the watchdog').toBeUndefined();
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([`error: ${file}: feed nested deeper than 256 elements`]);
  }, WATCHDOG_MS + 10_000);

  it('the depth is counted on elements only: comments, CDATA, declarations and self-closing tags do not nest', async () => {
    const deepText = '<!-- <a><a><a> -->'.repeat(300) + `<![CDATA[${'<b>'.repeat(300)}]]>` + '<br/>'.repeat(300);
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "<y>">]><rss version="2.0"><channel><item><title a="x>y" b='<'>t</title><description>${deepText}</description></item></channel></rss>`;
    const items = await parseFeed(new TextEncoder().encode(xml), { source: 't', budget: { ...DEFAULT_PARSE_BUDGET, maxDepth: 4 } });
    expect(items.map((i) => i.title)).toEqual(['t']); // depth 4: rss, channel, item, title
    const tooDeep = await parseFeed(new TextEncoder().encode(xml), { source: 't', budget: { ...DEFAULT_PARSE_BUDGET, maxDepth: 3 } }).catch((e: unknown) => e);
    expect(tooDeep).toBeInstanceOf(ParseBudgetError);
  });

  it('under a budget that allows it, 5,000 nested levels are read without recursion: the title is their text', async () => {
    const budget = { ...DEFAULT_PARSE_BUDGET, maxDepth: 10_000 };
    const [item] = await parseFeed(new TextEncoder().encode(nested(5_000)), { source: 't', budget });
    expect(item?.title).toBe('x');
  });

  it('a feed decoding to more than the budget allows is a ParseBudgetError, a SourceFormatError', async () => {
    const xml = `<rss version="2.0"><channel><item><title>${'AT&T '.repeat(40)}</title></item></channel></rss>`;
    const budget = { ...DEFAULT_PARSE_BUDGET, maxDecodedBytes: 300 }; // the bytes fit; `&` → `&amp;` does not
    const err = await parseFeed(new TextEncoder().encode(xml), { source: 't', budget }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseBudgetError);
    expect(err).toBeInstanceOf(SourceFormatError);
    expect((err as Error).message).toMatch(/^feed decodes to \d+ characters, over the budget of 300$/);
  });
});

describe('a feed with a huge text (the fetch cap allows 50 MB)', () => {
  it('a 20 MB title and a 20 MB description: read within the watchdog, peak RSS under 512 MB, both capped', async () => {
    const r = await runProcess(process.execPath, [...CHILD_NODE, '--input-type=module', '-e', CHILD, 'wide', String(20_000_000)], { env: process.env, timeoutMs: WATCHDOG_MS });
    expect(r.timedOut, 'killed by the watchdog').toBeUndefined();
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { parsed?: number; title?: number; summary?: number; maxRssKb: number };
    expect(out).toMatchObject({ parsed: 1, title: 300, summary: 500 });
    expect(out.maxRssKb).toBeLessThan(512 * 1024);
  }, WATCHDOG_MS + 10_000);
});

describe('a feed of a million empty items (7 MB)', () => {
  it('is a ParseBudgetError before any tree is built, peak RSS under 512 MB, within the watchdog', async () => {
    const r = await runProcess(process.execPath, [...CHILD_NODE, '--input-type=module', '-e', CHILD, 'items', String(1_000_000)], { env: process.env, timeoutMs: WATCHDOG_MS });
    expect(r.timedOut, 'killed by the watchdog').toBeUndefined();
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { error?: string; message?: string; format?: boolean; maxRssKb: number };
    expect(out).toMatchObject({ error: 'ParseBudgetError', format: true, message: 'feed of more than 250000 elements' });
    expect(out.maxRssKb).toBeLessThan(512 * 1024);
  }, WATCHDOG_MS + 10_000);
});

describe('Atom repaired after parsing, not by an xml2js validator', () => {
  it('links without attributes (text, empty, or holding markup) and unreadable dates lose no entry', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><link>https://blog.exemple.fr/</link>
      <entry><id>1</id><title>texte</title><link>/a</link><published>hier</published></entry>
      <entry><id>2</id><title>vide</title><link/><updated>2025-11-18T08:00:00Z</updated></entry>
      <entry><id>3</id><title>balise</title><link><b>https://blog.exemple.fr/c</b></link></entry></feed>`;
    const items = await parseFeed(new TextEncoder().encode(xml), { source: 't' });
    expect(items.map((i) => [i.id, i.url, i.publishedAt])).toEqual([
      ['1', 'https://blog.exemple.fr/a', undefined],
      ['2', undefined, '2025-11-18T08:00:00.000Z'],
      ['3', 'https://blog.exemple.fr/c', undefined],
    ]);
  });
});

describe('characters XML does not allow (finding 3)', () => {
  const item = (n: number, title: string): string => `<item><title>${title}</title><link>https://exemple.fr/${n}</link></item>`;

  it('a reference to a non-XML character costs a U+FFFD, never the feed: every item is kept', async () => {
    const refs = ['&#1;', '&#x1F;', '&#0;', '&#xFFFE;', '&#xFFFF;', '&#xD800;', '&#x110000;', '&#8;', '&#65535;'];
    const xml = `<rss version="2.0"><channel>${item(0, 'avant')}${refs.map((r, i) => item(i + 1, `a${r}b`)).join('')}${item(99, 'après &#9;tab&#x0A;lf&#13;cr')}</channel></rss>`;
    const items = await parseFeed(new TextEncoder().encode(xml), { source: 't' });
    expect(items.map((i) => i.title)).toEqual(['avant', ...refs.map(() => 'a\uFFFDb'), 'après tab lf cr']);
  });

  it('raw C0 characters never reach a title or a summary', async () => {
    const xml = `<rss version="2.0"><channel>${item(1, 'a\u001fb\u0001c')}<item><title>t</title><description>x\u0007y</description></item></channel></rss>`;
    const items = await parseFeed(new TextEncoder().encode(xml), { source: 't' });
    expect(items.map((i) => i.title)).toEqual(['a\uFFFDb\uFFFDc', 't']);
    expect(items[1]?.summary).toBe('x\uFFFDy');
    expect(JSON.stringify(items)).not.toMatch(/\\u00(0[0-8bcef]|1[0-9a-f])/);
  });
});

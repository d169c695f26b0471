import { readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { budgetFor, DEFAULT_PARSE_BUDGET, ParseBudgetError, type ParseBudget } from '../../src/sources/budget.js';
import { SourceFormatError } from '../../src/sources/errors.js';
import { DEFAULT_ANSSI_PAGE_SETTINGS, parseAnssiPage, TABLE_SELECTORS } from '../../src/sources/anssi-page/index.js';
import { loadHtmlDocument } from '../../src/sources/html-load.js';
import { loadAdapter } from '../../src/sources/registry.js';

const page = (name: string): Uint8Array => readFileSync(new URL(`../fixtures/anssi-page/${name}`, import.meta.url));
const bytes = (body: string): Uint8Array => new TextEncoder().encode(`<!DOCTYPE html><html><body><main>${body}</main></body></html>`);
const ROW = '<table><tbody><tr><td>NumSpot</td><td>Plateforme</td><td>IaaS</td><td>15/01/2024</td></tr></tbody></table>';

/** The depth of the tree cheerio builds (elements only). */
function depthOf(page: Uint8Array): number {
  const $ = cheerio.load(new TextDecoder().decode(page));
  return Math.max(...$('*').toArray().map((el) => $(el).parents().length + 1));
}

async function refusal(body: Uint8Array, budget?: ParseBudget): Promise<ParseBudgetError> {
  const err: unknown = await parseAnssiPage(body, DEFAULT_ANSSI_PAGE_SETTINGS, budget ? { budget } : {}).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ParseBudgetError);
  expect(err).toBeInstanceOf(SourceFormatError); // exit 2 in the CLI, never retried as is
  expect((err as Error).name).toBe('ParseBudgetError');
  return err as ParseBudgetError;
}

describe('the en cours page parser refuses hostile pages before building a tree (issue 14, finding 4)', () => {
  it('refuses 40,000 nested <div> (440 KB), which took 14 s to parse', async () => {
    const e = await refusal(bytes(`${'<div>'.repeat(40_000)}${ROW}${'</div>'.repeat(40_000)}`));
    expect(e.message).toBe(`the page nests elements more than ${DEFAULT_PARSE_BUDGET.maxDepth} levels deep`);
  });

  // Each repeated 400 times nests deeper than 256 in the tree cheerio builds, though the tags look balanced
  // or flat: `<div/>` opens a div, formatting elements are reopened in each paragraph, an end tag stops at a
  // special element, `</form>` leaves what it holds open, a slash in an unquoted value does not close a tag,
  // HTML tags break out of SVG, a comment ends at `--!>`.
  const HIDDEN = [
    '<div/>',
    '<li><dd>',
    '<p><b id=b$></p>',
    '<span><div></span>',
    '<form><dl></form>',
    '<math id=m$/>',
    '<svg><div/>',
    '<path><mtext><li><math></style>',
    '<!-- --!><div><!-- -->',
    '<table><tr><td>',
  ];
  it.each(HIDDEN)('refuses %s repeated, which nests deeper than the budget', (pattern) => {
    const page = bytes(Array.from({ length: 400 }, (_, i) => pattern.replaceAll('$', String(i))).join(''));
    expect(depthOf(page)).toBeGreaterThan(DEFAULT_PARSE_BUDGET.maxDepth);
    expect(() => loadHtmlDocument(page, undefined, DEFAULT_PARSE_BUDGET)).toThrow(ParseBudgetError);
  });

  it('refuses a page with more elements than its tree budget, and one larger than its decoded budget', async () => {
    const e = await refusal(bytes('<p>a</p>'.repeat(200_000)));
    expect(e.message).toMatch(/^the page has more than \d+ elements, over the parse budget$/);
    const small = budgetFor(1_000);
    expect((await refusal(page('table.html'), small)).message).toMatch(/^the page is \d+ bytes, over the parse budget of 4000$/);
  });

  it('still reads deep but bounded markup, sloppy end tags and inline SVG within the default budget', async () => {
    const sloppy = `<ul>${'<li>a<p>b'.repeat(2_000)}</ul><dl>${'<dt>x<dd>y'.repeat(2_000)}</dl><svg>${'<path d="m0 0"/>'.repeat(2_000)}</svg>`;
    const body = bytes(`${'<div>'.repeat(200)}${ROW}${'</div>'.repeat(200)}${sloppy}<p>${'<b>x</b><i>y</i>'.repeat(2_000)}`);
    // A header-less table: read with the table selectors (the layout recognition wants a header naming the columns).
    const snapshot = await parseAnssiPage(body, { selectors: { ...TABLE_SELECTORS } });
    expect(snapshot.offers.map((o) => o.provider)).toEqual(['NumSpot']);
    expect(loadHtmlDocument(page('list.html'), undefined, DEFAULT_PARSE_BUDGET)('h3').length).toBeGreaterThan(0);
  });

  it('takes the budget from the parse context of the registry', async () => {
    const adapter = (await loadAdapter('anssi-page'))!;
    const ok = await adapter.parse(page('table.html'), { source: 'anssi-page' });
    expect(ok.records === 'offers' && ok.snapshot.offers.length).toBe(8);
    const shallow = { ...DEFAULT_PARSE_BUDGET, maxDepth: 5 };
    await expect(adapter.parse(page('table.html'), { source: 'anssi-page', budget: shallow })).rejects.toThrow(ParseBudgetError);
  });
});

import type * as cheerio from 'cheerio';
import type { PageEntry } from './entry-text.js';
import { judgeEntries } from './judge.js';
import { cardsLayout, definitionsLayout } from './layout-blocks.js';
import { headingsLayout } from './layout-headings.js';
import { tableLayout } from './layout-table.js';
import type { LayoutName, LayoutReader } from './layouts.js';

/** How the page was read: for the operators (`check`, a held snapshot's reasons), never part of the records. */
export interface PageReading {
  /** The layout whose entries were kept; absent when every layout was refused. */
  layout?: LayoutName | 'selectors';
  /** Each layout not used, with why ("table: no table in the page"). */
  refused: string[];
  /** Candidates of the kept layout left out as implausible, with why. */
  dropped: string[];
}

const READERS: LayoutReader[] = [tableLayout, headingsLayout, cardsLayout, definitionsLayout];

// Never the list, whatever it contains: menus, headers, footers, side blocks, forms, DSFR's breadcrumb and links.
const BOILERPLATE = [
  'nav', 'header', 'footer', 'aside', 'form', 'dialog', '[role="navigation"]', '[role="banner"]', '[role="contentinfo"]',
  '[role="search"]', '[role="complementary"]', '.fr-breadcrumb', '.fr-skiplinks', '.fr-sidemenu', '.fr-header', '.fr-footer',
  '.fr-follow', '.fr-share', '.fr-links-group',
].join(', ');

/** The word the expected page cannot do without: another site's page, or an error page, never says it. */
const EXPECTED_WORD = /secnumcloud/i;

/**
 * Recognises the page's layout among those known (LAYOUTS) and judges each one's entries (judge.ts): the layout kept
 * is the accepted one with the most plausible entries (the first on a tie). No layout accepted gives no entries, and
 * `refused` says what each one found; the trust guard then holds the page. `$` is modified (boilerplate removed).
 */
export function recognise($: cheerio.CheerioAPI, baseUrl: string | undefined): { entries: PageEntry[]; reading: PageReading } {
  if (!EXPECTED_WORD.test($.root().text())) {
    return { entries: [], reading: { refused: ['every layout: the page never mentions SecNumCloud, so it is not the expected page'], dropped: [] } };
  }
  $(BOILERPLATE).remove();
  const main = $('main, [role="main"]').first();
  const root = main.length > 0 ? main : $('body').first();
  const judged = READERS.map((read) => {
    const attempt = read($, root, baseUrl);
    return { attempt, judgement: attempt.candidates.length === 0 ? undefined : judgeEntries(attempt.candidates) };
  });
  let best: { layout: LayoutName; entries: PageEntry[]; dropped: string[] } | undefined;
  for (const { attempt, judgement } of judged) {
    if (judgement?.accepted && judgement.entries.length > (best?.entries.length ?? 0)) {
      best = { layout: attempt.layout, entries: judgement.entries, dropped: judgement.dropped };
    }
  }
  const refused = judged.flatMap(({ attempt, judgement }) => {
    if (attempt.layout === best?.layout) return [];
    if (!judgement) return [`${attempt.layout}: ${attempt.why ?? 'found nothing'}`];
    if (!judgement.accepted) return [`${attempt.layout}: ${judgement.reason}`];
    return [`${attempt.layout}: ${judgement.entries.length} entries, fewer than the ${best!.layout} layout's`];
  });
  if (!best) return { entries: [], reading: { refused, dropped: [] } };
  return { entries: best.entries, reading: { layout: best.layout, refused, dropped: best.dropped } };
}

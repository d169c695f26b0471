import type * as cheerio from 'cheerio';
import { entryOf } from './entry-text.js';
import { HEADINGS, TAG_ITEMS, type Element, type LayoutAttempt } from './layouts.js';

/** A list item's own name for its service: a `<strong>`, `<b>` or link at its start, else its whole text. */
function itemService($: cheerio.CheerioAPI, li: Element): string {
  const lead = $(li).children('strong, b, a').first();
  const text = $(li).text();
  if (lead.length > 0 && text.trim().startsWith(lead.text().trim().slice(0, 8))) {
    const inner = lead.is('a') ? lead : lead.find('a').first();
    return (inner.length > 0 ? inner : lead).text();
  }
  return text;
}

/** The list items that follow a heading, up to the next heading (in its siblings or inside them). */
function itemsAfter($: cheerio.CheerioAPI, heading: Element): Element[] {
  const items: Element[] = [];
  for (let sib = $(heading).next(); sib.length > 0; sib = sib.next()) {
    if (sib.is(HEADINGS) || sib.find(HEADINGS).length > 0) break;
    const lis = (sib.is('li') ? sib : sib.find('li')).not(TAG_ITEMS);
    items.push(...lis.filter((_, li) => $(li).parents('li').length === $(heading).parents('li').length).toArray());
  }
  return items;
}

/**
 * One heading per provider (h2–h6), its services in the list items that follow it up to the next heading: plain
 * siblings, or inside a container (a DSFR accordion's collapsed panel). An item's name is its leading `<strong>` (or
 * link), else its text up to a date; its types and date come from the whole item.
 */
export function headingsLayout($: cheerio.CheerioAPI, root: cheerio.Cheerio<Element>, baseUrl: string | undefined): LayoutAttempt {
  const headings = root.find(HEADINGS).toArray();
  if (headings.length === 0) return { layout: 'headings', candidates: [], why: 'no heading in the page' };
  const candidates = headings.flatMap((h) =>
    itemsAfter($, h).map((li) =>
      entryOf({ provider: $(h).text(), service: itemService($, li), context: $(li).text(), href: $(li).find('a[href]').first().attr('href') }, baseUrl),
    ),
  );
  return candidates.length > 0 ? { layout: 'headings', candidates } : { layout: 'headings', candidates, why: `${headings.length} heading(s), none followed by a list` };
}

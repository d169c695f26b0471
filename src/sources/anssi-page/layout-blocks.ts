import type * as cheerio from 'cheerio';
import { entryOf, type EntryParts } from './entry-text.js';
import { labelRole, type Role } from './layout-table.js';
import { HEADINGS, TAG_ITEMS, type Element, type LayoutAttempt } from './layouts.js';
import { foldSpaces } from './text.js';

// A card's own class, not one of its parts: "fr-card", "card", "provider-card", "fr-tile"; never "fr-card__body".
const CARD_CLASS = /^(?:[\w-]*[-_])?(?:card|tile)$/;
// "Prestataire : NumSpot" inside a card or a definition.
const LABELLED = /^([^:]{2,40}):\s*(.+)$/s;

type Fields = Partial<Record<Role, string>>;

/** Fields written "Label : value" among an element's leaf blocks. */
function labelledFields($: cheerio.CheerioAPI, el: Element): Fields {
  const fields: Fields = {};
  $(el).find('p, li, dd, span, div').filter((_, b) => $(b).children('p, li, dd, div').length === 0).each((_, b) => {
    const m = LABELLED.exec(foldSpaces($(b).text()));
    const role = m ? labelRole(m[1]!) : undefined;
    if (m && role && fields[role] === undefined) fields[role] = m[2]!;
  });
  return fields;
}

const href = ($: cheerio.CheerioAPI, el: Element) => $(el).find('a[href]').first().attr('href');

/** One card's entries: labelled fields, else its title as the provider and its list items or description as services. */
function cardEntries($: cheerio.CheerioAPI, card: Element): EntryParts[] {
  const context = $(card).text();
  const title = $(card).find(`${HEADINGS}, [class*="title"]`).first();
  const f = labelledFields($, card);
  const titleText = title.text();
  if (f.provider !== undefined || f.service !== undefined) {
    const [provider, service] = [f.provider ?? titleText, f.service ?? titleText];
    return [{ provider, service, context, href: href($, card) }];
  }
  if (title.length === 0) return [];
  // Services listed in the card; a group of tags or badges ("IaaS", "Nouveau") is no list of services.
  const items = $(card).find('li').not(TAG_ITEMS).toArray();
  if (items.length > 0) return items.map((li) => ({ provider: titleText, service: $(li).text(), href: href($, li) }));
  const desc = $(card).find('[class*="desc"], p').not(title).not(title.find('*')).first();
  return desc.length > 0 ? [{ provider: titleText, service: desc.text(), context, href: href($, card) }] : [];
}

/**
 * Cards (DSFR `fr-card`/`fr-tile`, or any element whose own class is a "card"): one provider per card, its title,
 * and its service in its description or list items; "Prestataire : …" / "Service : …" fields win when present.
 */
export function cardsLayout($: cheerio.CheerioAPI, root: cheerio.Cheerio<Element>, baseUrl: string | undefined): LayoutAttempt {
  const isCard = (el: Element) => ($(el).attr('class') ?? '').split(/\s+/).some((c) => CARD_CLASS.test(c));
  const cards = root.find('[class]').filter((_, el) => isCard(el) && !$(el).parents().toArray().some(isCard)).toArray();
  if (cards.length === 0) return { layout: 'cards', candidates: [], why: 'no card in the page' };
  const candidates = cards.flatMap((c) => cardEntries($, c)).map((p) => entryOf(p, baseUrl));
  return candidates.length > 0 ? { layout: 'cards', candidates } : { layout: 'cards', candidates, why: `${cards.length} card(s), none with a title` };
}

/** A definition list's entries: "Prestataire"/"Service" terms (one entry per set), else a provider per term. */
function listEntries($: cheerio.CheerioAPI, dl: Element): EntryParts[] {
  const parts = $(dl).find('dt, dd').filter((_, el) => $(el).closest('dl').get(0) === dl).toArray();
  const labelled = parts.some((el) => el.tagName === 'dt' && ['provider', 'service'].includes(labelRole($(el).text()) ?? ''));
  const out: EntryParts[] = [];
  if (labelled) {
    let f: Fields = {};
    let role: Role | undefined;
    const flush = () => {
      if (f.provider !== undefined && f.service !== undefined) out.push({ provider: f.provider, service: f.service, context: `${f.service} ${f.types ?? ''} ${f.since ?? ''}` });
      f = {};
    };
    for (const el of parts) {
      if (el.tagName === 'dt') {
        role = labelRole($(el).text());
        if (role && f[role] !== undefined) flush();
      } else if (role && f[role] === undefined) f[role] = $(el).text();
    }
    flush();
    return out;
  }
  let provider: string | undefined;
  for (const el of parts) {
    if (el.tagName === 'dt') provider = $(el).text();
    else if (provider !== undefined) {
      const items = $(el).find('li').toArray();
      for (const item of items.length > 0 ? items : [el]) out.push({ provider, service: $(item).text(), href: href($, item) });
    }
  }
  return out;
}

/** Definition lists: a term per provider with its services as definitions, or one list of labelled fields per entry. */
export function definitionsLayout($: cheerio.CheerioAPI, root: cheerio.Cheerio<Element>, baseUrl: string | undefined): LayoutAttempt {
  const lists = root.find('dl').toArray();
  if (lists.length === 0) return { layout: 'definitions', candidates: [], why: 'no definition list in the page' };
  const candidates = lists.flatMap((dl) => listEntries($, dl)).map((p) => entryOf(p, baseUrl));
  return candidates.length > 0 ? { layout: 'definitions', candidates } : { layout: 'definitions', candidates, why: `${lists.length} definition list(s), none with terms and definitions` };
}

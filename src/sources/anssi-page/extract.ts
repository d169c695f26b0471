import * as cheerio from 'cheerio';
import { recognise, type PageReading } from './detect.js';
import { resolveLink, type PageEntry } from './entry-text.js';
import { PageFormatError } from './errors.js';
import { judgeEntries } from './judge.js';
import type { AnssiPageSelectors, AnssiPageSettings } from './settings.js';
import { cleanProvider, cleanService, dateIn, foldSpaces, typesIn } from './text.js';

type Nodes = ReturnType<ReturnType<cheerio.CheerioAPI['root']>['find']>;

export type { PageEntry } from './entry-text.js';

/** One line per selector of `settings` that is not valid CSS, naming it; [] when all compile. */
export function selectorProblems(settings: AnssiPageSettings): string[] {
  const probe = cheerio.load('<p></p>');
  return Object.entries(settings.selectors ?? {}).flatMap(([name, sel]) => {
    if (sel === undefined) return [];
    try {
      probe.root().find(sel);
      return [];
    } catch (e) {
      return [`selectors.${name} "${sel}" is not a valid CSS selector (${e instanceof Error ? e.message : String(e)})`];
    }
  });
}

const NOT_CONTENT = 'script, style, noscript, template, svg';
const BLOCKS = 'p, div, li, dt, dd, td, th, tr, ul, ol, h1, h2, h3, h4, h5, h6, caption, blockquote, section, article';
const FOOTNOTE_SUP = /^(?:[\d*†‡,\s]+|\(\d{1,2}\)|\[\d{1,2}\])$/;

/** Makes `.text()` read as a reader would: `<br>` and block edges are spaces, footnote `<sup>` are gone. */
function prepare($: cheerio.CheerioAPI): void {
  $(NOT_CONTENT).remove();
  $('sup').filter((_, el) => FOOTNOTE_SUP.test($(el).text().trim())).remove();
  $('br').replaceWith(' ');
  $(BLOCKS).prepend(' ').append(' ');
}

/** The services of one group: inside it, or else in its following siblings up to the next group. */
function groupEntries(group: Nodes, s: AnssiPageSelectors & { group: string }): Nodes {
  const inside = group.find(s.entry);
  if (inside.length > 0) return inside;
  let found = inside;
  for (let sib = group.next(); sib.length > 0 && !sib.is(s.group) && sib.find(s.group).length === 0; sib = sib.next()) {
    found = found.add(sib.filter(s.entry)).add(sib.find(s.entry));
  }
  return found;
}

function readEntry(entry: Nodes, providerEl: Nodes, s: AnssiPageSelectors, settings: AnssiPageSettings): PageEntry {
  const at = (sel: string | undefined): Nodes | undefined => (sel ? entry.find(sel).first() : undefined);
  // Only the start of an element's text is read (as entryOf does): no name is that long, and a megabyte cell must not
  // be folded and matched whole.
  const text = (el: Nodes | undefined): string => el?.text().slice(0, 4_000) ?? '';
  const sinceEl = at(s.since);
  const time = sinceEl?.filter('time[datetime]').add(sinceEl.find('time[datetime]')).first().attr('datetime');
  const linkEl = at(s.link);
  const since = (time && dateIn(time)) || (sinceEl && dateIn(text(sinceEl)));
  const link = resolveLink(linkEl?.is('[href]') ? linkEl.attr('href') : linkEl?.find('[href]').first().attr('href'), settings.baseUrl);
  return {
    provider: cleanProvider(text(providerEl)),
    service: cleanService(text(at(s.service))),
    types: typesIn(foldSpaces(text(at(s.types)))),
    ...(since ? { since } : {}),
    ...(link ? { link } : {}),
  };
}

/** Every entry the selectors find, in page order (the override of a layout the extractor does not recognise). */
function selectorEntries($: cheerio.CheerioAPI, s: AnssiPageSelectors, settings: AnssiPageSettings): PageEntry[] {
  const { group } = s;
  if (group === undefined) {
    return $.root().find(s.entry).toArray().map((el) => readEntry($(el), $(el).find(s.provider).first(), s, settings));
  }
  return $.root().find(group).toArray().flatMap((el) => {
    const providerEl = $(el).find(s.provider).first();
    return groupEntries($(el), { ...s, group }).toArray().map((e) => readEntry($(e), providerEl, s, settings));
  });
}

/**
 * Reads the entries of the document `load` returns, in page order, and says how: with `settings.selectors` when set
 * (judged as a layout is, implausible entries dropped and named), else with the layout recognised (detect.ts).
 * Throws PageFormatError naming the first invalid selector, before loading; finding nothing is not an error here.
 */
export function extractEntries(load: () => cheerio.CheerioAPI, settings: AnssiPageSettings): { entries: PageEntry[]; reading: PageReading } {
  const problem = selectorProblems(settings)[0];
  if (problem) throw new PageFormatError(problem);
  const $ = load();
  prepare($);
  if (!settings.selectors) return recognise($, settings.baseUrl);
  const judged = judgeEntries(selectorEntries($, settings.selectors, settings));
  if (judged.accepted) return { entries: judged.entries, reading: { layout: 'selectors', refused: [], dropped: judged.dropped } };
  return { entries: [], reading: { refused: [`selectors: ${judged.reason}`], dropped: [] } };
}

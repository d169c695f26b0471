/**
 * The status page's catalogue lists: the selector (links, so it works without JavaScript: `?list=passi`), and
 * what the offers table of the list shown holds. SecNumCloud's table is as it always was (service, types, dates,
 * decision); another list's columns fit its records: the service when its rows name one (else the provider is
 * the row's header), the activities, level, national security and recommendation where they are printed. A product
 * list's rows are grouped by developer, the product heading each, with its version, certificate (and its report and
 * security target), category, level, evaluation facility and sponsor where printed. Pure.
 */
import type { Lang, ListState } from '../commands/ports.js';
import type { Offer } from '../core/offer.js';
import { PRIMARY_LIST } from '../core/tracks.js';
import { listShort, listTitle, recommendationWords, scopeWords } from './list-names.js';
import { order } from './list-views.js';
import { isProductList } from './offer-search.js';
import { pageHref, type PageQuery } from './page-query.js';

/** The columns a list's table has besides its header, dates and decision. */
export interface ListColumns {
  types: boolean;
  scopes: boolean;
  level: boolean;
  nationalSecurity: boolean;
  recommendation: boolean;
  /** The rows name a service: grouped by provider, the service heads each row. Else one row a provider. */
  grouped: boolean;
  /** A product list's own columns (absent for the service lists): the developer groups the rows, the product heads each. */
  product?: ProductColumns;
}

/** The columns of a product list, where its rows print them. */
export interface ProductColumns {
  version: boolean;
  certificate: boolean;
  category: boolean;
  approval: boolean;
  evaluationFacility: boolean;
  sponsor: boolean;
  decision: boolean;
}

/** The list-specific cells of a row, in words. */
export interface ListCells {
  scopes?: string;
  level?: string;
  nationalSecurity?: string;
  recommendation?: string;
  version?: string;
  category?: string;
  approval?: string;
  evaluationFacility?: string;
  sponsor?: string;
}

export interface ListLink {
  id: string;
  /** What the link says ("PASSI"), and the list's full name for screen readers and the page's heading. */
  label: string;
  title: string;
  /** What `label` abbreviates, when it does ("audit de la sécurité…" for PASSI), for screen readers. */
  long?: string;
  href: string;
  current: boolean;
  /** "not read yet", "held", when it is so. */
  note?: string;
}

export const PRIMARY_COLUMNS: ListColumns = { types: true, scopes: false, level: false, nationalSecurity: false, recommendation: false, grouped: true };

export function listColumns(list: string, offers: readonly Offer[]): ListColumns {
  if (list === PRIMARY_LIST) return PRIMARY_COLUMNS;
  const any = (f: (o: Offer) => unknown): boolean => offers.some((o) => f(o) !== undefined);
  if (isProductList(list)) {
    // A product list not read yet has no rows to tell its columns: the certificate is what its table is about.
    const none = offers.length === 0;
    return {
      types: false, scopes: false, nationalSecurity: false,
      level: any((o) => o.level),
      recommendation: any((o) => o.recommendation),
      grouped: none || any((o) => o.service),
      product: {
        version: any((o) => o.version),
        certificate: none || any((o) => o.certificate),
        category: any((o) => o.category),
        approval: any((o) => o.approval),
        evaluationFacility: any((o) => o.evaluationFacility),
        sponsor: any((o) => o.sponsor),
        decision: any((o) => o.decision),
      },
    };
  }
  return {
    types: false,
    scopes: offers.some((o) => (o.scopes?.length ?? 0) > 0),
    level: any((o) => o.level),
    nationalSecurity: any((o) => o.nationalSecurity),
    recommendation: any((o) => o.recommendation),
    grouped: any((o) => o.service),
  };
}

const YES_NO: Record<Lang, [string, string]> = { fr: ['oui', 'non'], en: ['yes', 'no'] };

export function listCells(o: Offer, c: ListColumns, lang: Lang): ListCells {
  return {
    ...(c.scopes ? { scopes: (o.scopes ?? []).map((s) => scopeWords(s, lang)).join(', ') } : {}),
    ...(c.level && o.level ? { level: o.level } : {}),
    ...(c.nationalSecurity && o.nationalSecurity !== undefined ? { nationalSecurity: YES_NO[lang][o.nationalSecurity ? 0 : 1] } : {}),
    ...(c.recommendation && o.recommendation ? { recommendation: recommendationWords(o.recommendation, lang) } : {}),
    ...(c.product?.version && o.version ? { version: o.version } : {}),
    ...(c.product?.category && o.category ? { category: o.category } : {}),
    ...(c.product?.approval && o.approval ? { approval: o.approval } : {}),
    ...(c.product?.evaluationFacility && o.evaluationFacility ? { evaluationFacility: o.evaluationFacility } : {}),
    ...(c.product?.sponsor && o.sponsor ? { sponsor: o.sponsor } : {}),
  };
}

const NOTES: Record<Lang, { never: string; held: string }> = {
  fr: { never: 'pas encore lue', held: 'document retenu' },
  en: { never: 'not read yet', held: 'document held' },
};

/** The selector's links: every list followed, in the catalogue's order; none when SecNumCloud is the only one. */
export function listLinks(lists: readonly ListState[], query: PageQuery): ListLink[] {
  if (lists.length <= 1) return [];
  const shown = query.list ?? PRIMARY_LIST;
  return order(lists.map((l) => l.list)).map((id) => lists.find((l) => l.list === id)!).map((l) => {
    const note = !l.read ? NOTES[query.lang].never : l.held ? NOTES[query.lang].held : undefined;
    // A type filter means nothing to lists without types: the search is kept, the type only for SecNumCloud.
    const { type, list: _, category: _c, page: _p, ...rest } = query;
    const target: PageQuery = { ...rest, ...(l.list === PRIMARY_LIST ? (type ? { type } : {}) : { list: l.list }) };
    const label = listShort(l.list, query.lang);
    const title = listTitle(l.list, query.lang);
    return {
      id: l.list,
      label,
      title,
      ...(title.startsWith(`${label} — `) ? { long: title.slice(label.length + 3) } : {}),
      href: pageHref(target),
      current: l.list === shown,
      ...(note ? { note } : {}),
    };
  });
}

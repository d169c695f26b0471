/**
 * /calendar.ics: the end dates of the qualified offers, and a reminder on each REMINDER_WINDOWS day before them, as
 * all-day events a calendar can subscribe to. Pure: the route reads the state and passes it in.
 *
 * UIDs. A subscribed calendar replaces an event by its UID, so the UID must name what the event is about, not what
 * it says: the offer's identity (provider and service once normalised, as the diff matches offers across editions)
 * and which event it is (the end, or the reminder N days before). A renewal, which brings a new decision and a later
 * end date under the same names, keeps the UID and moves the event; the decision enters the UID only to tell apart
 * rows that share their names in one edition (two qualifications of one service), where names alone would collide.
 * A rename gives new UIDs: the old names' events go, the new ones come (docs/decisions/00NN-exports-calendar-uids.md).
 */
import type { Lang } from '../commands/ports.js';
import { addDays } from '../core/calendar.js';
import { decisionOf, nameKey } from '../core/normalize.js';
import { isIsoDate, type Offer } from '../core/offer.js';
import { sha256 } from '../core/snapshot.js';
import { PRIMARY_LIST } from '../core/tracks.js';
import { certificateFamily } from '../core/certificate-id.js';
import { isProductList } from './offer-search.js';
import { VERSION } from '../version.js';
import { catalogueDate } from './csv-offers.js';
import type { IcalCalendar, IcalEvent } from './ical.js';
import { listShort, listTitle, scopeWords } from './list-names.js';

export interface OffersCalendarInput {
  /** The qualified offers to show, already filtered. */
  offers: readonly Offer[];
  edition?: string;
  /** REMINDER_WINDOWS, in days. */
  windows: readonly number[];
  lang: Lang;
  /** The catalogue list (SecNumCloud when absent): its name in every text, its id in the UIDs. */
  list?: string;
  /** The address of this calendar, filters kept. */
  self: string;
  /** What the page says about the list when it is not current (listNotice), if anything. */
  notice?: string;
  /** Filters in words, for the calendar's name, when there are some. */
  filters?: string;
  /** When the request was made: DTSTAMP when no edition dates the information. */
  now: string;
}

/** The right-hand side of every UID: the product, not a host, so the same offer's event has one UID wherever it is read. */
const UID_DOMAIN = 'secnumcloud-tracker';
/** A subscriber refetches about as often as the catalogue is polled. */
const REFRESH_HOURS = 6;

interface Words {
  name: string;
  end: (who: string) => string;
  reminder: (days: number, who: string) => string;
  details: (o: Offer) => string;
  source: (edition: string | undefined) => string;
}

const who = (o: Offer): string => {
  const name = o.service ? `${o.provider} — ${[o.service, o.version].filter(Boolean).join(' ')}` : o.provider;
  return o.certificate ? `${name} (${o.certificate})` : name;
};

/** The words of a list's calendar: `n` names the list ("SecNumCloud", "PASSI"); SecNumCloud's read as they always did. */
function words(lang: Lang, list: string): Words {
  const n = listShort(list, lang);
  const primary = list === PRIMARY_LIST;
  if (isProductList(list)) return productWords(lang, list, n);
  if (lang === 'fr') {
    return {
      name: `${n} : fins de qualification`,
      end: (w) => `Fin de qualification ${n} : ${w}`,
      reminder: (d, w) => `Fin de qualification ${n} dans ${d} jour${d > 1 ? 's' : ''} : ${w}`,
      details: (o) =>
        [
          `Qualification ${n} ${o.qualifiedFrom ? `du ${catalogueDate(o.qualifiedFrom)} ` : ''}au ${catalogueDate(o.qualifiedUntil)}.`,
          o.types.length ? `Types : ${o.types.join(', ')}.` : '',
          o.scopes?.length ? `Activités : ${o.scopes.map((x) => scopeWords(x, lang)).join(', ')}.` : '',
          o.decision ? `Décision de l'ANSSI n° ${o.decision}${o.decisionUrl ? ` : ${o.decisionUrl}` : ''}.` : '',
        ].filter(Boolean).join('\n'),
      source: (e) =>
        primary
          ? `Source : catalogue des offres qualifiées SecNumCloud de l'ANSSI${e ? `, édition du ${catalogueDate(e)}` : ''}.`
          : `Source : catalogue de l'ANSSI, liste ${listTitle(list, lang)}${e ? `, édition du ${catalogueDate(e)}` : ''}.`,
    };
  }
  return {
    name: `${n}: qualification end dates`,
    end: (w) => `${n} qualification ends: ${w}`,
    reminder: (d, w) => `${n} qualification ends in ${d} day${d === 1 ? '' : 's'}: ${w}`,
    details: (o) =>
      [
        `${n} qualification ${o.qualifiedFrom ? `from ${o.qualifiedFrom} ` : ''}until ${o.qualifiedUntil}.`,
        o.types.length ? `Types: ${o.types.join(', ')}.` : '',
        o.scopes?.length ? `Activities: ${o.scopes.map((x) => scopeWords(x, lang)).join(', ')}.` : '',
        o.decision ? `ANSSI decision ${o.decision}${o.decisionUrl ? `: ${o.decisionUrl}` : ''}.` : '',
      ].filter(Boolean).join('\n'),
    source: (e) =>
      primary
        ? `Source: ANSSI's catalogue of SecNumCloud qualified offers${e ? `, edition of ${e}` : ''}.`
        : `Source: ANSSI's catalogue, list ${listTitle(list, lang)}${e ? `, edition of ${e}` : ''}.`,
  };
}

/** A product list's words: a certificate's (or a qualified product's) validity, its certificate id and link. */
function productWords(lang: Lang, list: string, n: string): Words {
  if (lang === 'fr') {
    return {
      name: `${n} : fins de validité`,
      end: (w) => `Fin de validité ${n} : ${w}`,
      reminder: (d, w) => `Fin de validité ${n} dans ${d} jour${d > 1 ? 's' : ''} : ${w}`,
      details: (o) =>
        [
          `${o.certificate ? `Certificat ${o.certificate}` : n} valide ${o.qualifiedFrom ? `du ${catalogueDate(o.qualifiedFrom)} ` : ''}au ${catalogueDate(o.qualifiedUntil)}.`,
          o.category ? `Catégorie : ${o.category}.` : '',
          o.certificateUrl ? `Certificat : ${o.certificateUrl}` : '',
          o.reportUrl ? `Rapport de certification : ${o.reportUrl}` : '',
          o.decision ? `Décision de l'ANSSI n° ${o.decision}${o.decisionUrl ? ` : ${o.decisionUrl}` : ''}.` : '',
        ].filter(Boolean).join('\n'),
      source: (e) => `Source : catalogue de l'ANSSI, liste ${listTitle(list, lang)}${e ? `, édition du ${catalogueDate(e)}` : ''}.`,
    };
  }
  return {
    name: `${n}: end of validity`,
    end: (w) => `${n} validity ends: ${w}`,
    reminder: (d, w) => `${n} validity ends in ${d} day${d === 1 ? '' : 's'}: ${w}`,
    details: (o) =>
      [
        `${o.certificate ? `Certificate ${o.certificate}` : n} valid ${o.qualifiedFrom ? `from ${o.qualifiedFrom} ` : ''}until ${o.qualifiedUntil}.`,
        o.category ? `Category: ${o.category}.` : '',
        o.certificateUrl ? `Certificate: ${o.certificateUrl}` : '',
        o.reportUrl ? `Certification report: ${o.reportUrl}` : '',
        o.decision ? `ANSSI decision ${o.decision}${o.decisionUrl ? `: ${o.decisionUrl}` : ''}.` : '',
      ].filter(Boolean).join('\n'),
    source: (e) => `Source: ANSSI's catalogue, list ${listTitle(list, lang)}${e ? `, edition of ${e}` : ''}.`,
  };
}

/**
 * What an event is about, across editions: a certificate's family (its versions, reassessments and reports are one
 * certificate, docs/decisions/0023), else the offer's names.
 */
const identity = (o: Offer): string => (o.certificate ? `certificate ${certificateFamily(o.certificate)}` : nameKey(o));

/** Which event of an offer: its end date, or the reminder `n` days before. */
export type OfferMoment = 'end' | { reminder: number };

/**
 * The UID of one event of an offer: a hash of its names (nameKey), of its decision when `shared` (other rows of the
 * edition have the same names), and of the moment. Never of its dates or wording: those are what an update moves.
 */
export function offerEventUid(offer: Offer, moment: OfferMoment, shared = false): string {
  const what = moment === 'end' ? 'end' : `reminder-${moment.reminder}`;
  // Another list's offer has its list in the UID (a provider qualified PASSI and PRIS is two qualifications);
  // SecNumCloud's UIDs stay as they were, so subscribed calendars keep their events.
  // A certificate's family shared by rows of one edition (an -M01 and an -S01 printed apart): the id tells them apart.
  const parts = offer.certificate
    ? [offer.list ?? '', identity(offer), shared ? offer.certificate.toUpperCase().replace(/\s+/g, '') : '', what]
    : [...(offer.list ? [offer.list] : []), nameKey(offer), shared ? (decisionOf(offer) ?? '') : '', what];
  return `${sha256(JSON.stringify(parts)).slice(0, 32)}@${UID_DOMAIN}`;
}

/** The calendar: per offer with an end date, the end and one reminder per window; sorted by day, then UID. */
export function offersCalendar(input: OffersCalendarInput): IcalCalendar {
  const list = input.list ?? PRIMARY_LIST;
  const w = words(input.lang, list);
  const dated = input.offers.filter((o) => o.status === 'qualified' && o.qualifiedUntil !== undefined && isIsoDate(o.qualifiedUntil));
  const names = new Map<string, number>();
  for (const o of dated) names.set(identity(o), (names.get(identity(o)) ?? 0) + 1);
  const windows = [...new Set(input.windows)].sort((a, b) => b - a);
  const byUid = new Map<string, IcalEvent>();
  for (const o of dated) {
    const until = o.qualifiedUntil!;
    const shared = (names.get(identity(o)) ?? 0) > 1;
    const url = o.certificateUrl ?? o.decisionUrl;
    const common = { description: `${w.details(o)}\n${w.source(input.edition)}`, ...(url ? { url } : {}), categories: [listShort(list, input.lang)] };
    const moments: Array<[OfferMoment, string, string]> = [
      ['end', until, w.end(who(o))],
      ...windows.map((n): [OfferMoment, string, string] => [{ reminder: n }, addDays(until, -n), w.reminder(n, who(o))]),
    ];
    for (const [moment, date, summary] of moments) {
      const uid = offerEventUid(o, moment, shared);
      // The same row printed twice in one edition is one qualification: one event.
      if (!byUid.has(uid)) byUid.set(uid, { uid, date, summary, ...common });
    }
  }
  const events = [...byUid.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.uid < b.uid ? -1 : 1));
  return {
    prodId: `-//secnumcloud-tracker//secnumcloud-tracker ${VERSION}//${input.lang.toUpperCase()}`,
    name: input.filters ? `${w.name} (${input.filters})` : w.name,
    description: [w.source(input.edition), input.notice].filter(Boolean).join(' '),
    source: input.self,
    refreshHours: REFRESH_HOURS,
    // Without METHOD, DTSTAMP is when the information was last revised (RFC 5545 §3.8.7.2): the edition it comes from.
    stamp: input.edition ? `${input.edition}T00:00:00Z` : input.now,
    events,
  };
}

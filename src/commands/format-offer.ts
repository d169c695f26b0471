import { daysBetween } from '../core/calendar.js';
import { isIsoDate, type Offer } from '../core/offer.js';
import { productLabel } from './alert-product.js';
import type { Ctx } from './context.js';
import type { Inline } from './reply.js';

/** Within this many days of its end date an offer shows the days left (the first reminder window). */
export const DAYS_LEFT_WINDOW = 90;

const SEP = ' — ';

/** The types of an offer, or words saying none is stated. */
export const typesText = (o: Offer, ctx: Ctx): string => (o.types.length > 0 ? o.types.join(', ') : ctx.t.offer.noTypes);

/** "ends in 2 days" within 90 days of the end date, "end date passed …, still listed" after it; else nothing. */
export function remaining(o: Offer, ctx: Ctx): string | undefined {
  if (!o.qualifiedUntil || !isIsoDate(o.qualifiedUntil)) return undefined;
  const left = daysBetween(ctx.today, o.qualifiedUntil);
  if (left < 0) return ctx.t.offer.pastEnd(-left);
  return left <= DAYS_LEFT_WINDOW ? ctx.t.offer.endsIn(left) : undefined;
}

/** The decision as a link when the catalogue gives one, else as text. */
function decision(o: Offer, ctx: Ctx): Inline[] {
  if (!o.decision) return [];
  const label = ctx.t.offer.decision(o.decision);
  return [SEP, o.decisionUrl ? { link: o.decisionUrl, label } : label];
}

/**
 * One qualified offer on one line. `full`: its whole period and its decision (status of a provider);
 * otherwise its end date only (list). Days left or a passed end date come last, in words.
 */
export function offerLine(o: Offer, ctx: Ctx, full: boolean, withProvider = false): Inline[] {
  const period = full ? ctx.t.offer.period(o.qualifiedFrom, o.qualifiedUntil) : o.qualifiedUntil ? ctx.t.offer.until(o.qualifiedUntil) : '';
  const left = remaining(o, ctx);
  return [
    ...(withProvider ? [o.provider, SEP] : []),
    ...(o.service ? [{ bold: o.service }, SEP] : []),
    typesText(o, ctx),
    ...(period ? [SEP, period] : []),
    ...(full ? decision(o, ctx) : []),
    ...(left ? [SEP, left] : []),
  ];
}

/**
 * One record of a catalogue list other than SecNumCloud: its provider when asked, its service when the list names one,
 * its level, its whole period and decision, and days left, with no service types (these lists have none).
 */
export function listRecordLine(o: Offer, ctx: Ctx, withProvider = false): Inline[] {
  const period = ctx.t.offer.period(o.qualifiedFrom, o.qualifiedUntil);
  const left = remaining(o, ctx);
  const parts: Inline[] = [...(withProvider ? [o.provider] : []), ...(o.service ? [{ bold: o.service }] : []), ...(o.level ? [o.level] : []), ...(period ? [period] : [])];
  const joined = parts.flatMap((p, i) => (i === 0 ? [p] : [SEP, p]));
  const dec = decision(o, ctx);
  return [...joined, ...(joined.length === 0 ? dec.slice(1) : dec), ...(left ? [SEP, left] : [])];
}

/**
 * One certified or qualified product (decision 0023): the product and its version, its certificate (a link to it when
 * the catalogue gives one), its category, its period or "no longer maintained", the decision of a qualified product,
 * and days left.
 */
export function productLine(o: Offer, ctx: Ctx, withProvider = false): Inline[] {
  const label = productLabel(o);
  const period = o.maintained === false ? ctx.t.offer.notMaintained : ctx.t.offer.period(o.qualifiedFrom, o.qualifiedUntil);
  const left = o.maintained === false ? undefined : remaining(o, ctx);
  const parts: Inline[] = [
    ...(withProvider ? [o.provider] : []),
    ...(label ? [{ bold: label }] : []),
    ...(o.certificate ? [o.certificateUrl ? { link: o.certificateUrl, label: o.certificate } : o.certificate] : []),
    ...(o.category ? [o.category] : []),
    ...(period ? [period] : []),
  ];
  return [...parts.flatMap((p, i) => (i === 0 ? [p] : [SEP, p])), ...decision(o, ctx), ...(left ? [SEP, left] : [])];
}

/** One "en cours de qualification" entry: its service and whatever the page gives of its types and date. */
export function inProgressLine(o: Offer, ctx: Ctx): Inline[] {
  const since = o.inProgressSince && isIsoDate(o.inProgressSince) ? ctx.t.offer.inProgressSince(o.inProgressSince) : undefined;
  return [{ bold: o.service ?? '' }, ...(o.types.length > 0 ? [SEP, typesText(o, ctx)] : []), ...(since ? [SEP, since] : [])];
}

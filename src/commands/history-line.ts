import { isNewsEvent, isOperatorEvent, type ChangeEvent, type OfferEvent } from '../core/events.js';
import { dayOf, type Ctx } from './context.js';
import { isProductEvent, productSummaryName, productTitle } from './alert-product.js';
import { remaining } from './format-offer.js';
import type { Messages } from './i18n.js';
import type { Inline } from './reply.js';

const SEP = ' — ';

/**
 * One change on one line, in words: the kind, then provider — service (or the news title, linked), then the
 * day it was detected in deps.timeZone. Undefined for operator events, which no command shows.
 */
export function changeLine(e: ChangeEvent, ctx: Ctx): Inline[] | undefined {
  if (isOperatorEvent(e)) return undefined;
  const { t } = ctx;
  const day = dayOf(ctx, e.detectedAt);
  const when: Inline[] = day ? [` (${t.date(day)})`] : [];
  if (isNewsEvent(e)) {
    const title: Inline = e.item.url ? { link: e.item.url, label: e.item.title } : e.item.title;
    return [{ bold: t.kinds[e.kind] }, t.colon, title, ...when];
  }
  const extra = offerChangeDetails(e, t, () => remaining(e.offer, ctx));
  // A product's change in its list's words ("CSPN certificate moved to the archive"), with its version and certificate.
  if (isProductEvent(e)) {
    const expired = e.kind === 'offer.expiring' && (e.reminder?.daysLeft ?? 0) < 0;
    return [{ bold: productTitle(e, ctx.lang, expired) }, t.colon, productSummaryName(e.offer), ...extra.map((x) => `${SEP}${x}`), ...when];
  }
  return [{ bold: t.kinds[e.kind] }, t.colon, e.offer.provider, ...(e.offer.service ? [SEP, e.offer.service] : []), ...extra.map((x) => `${SEP}${x}`), ...when];
}

/**
 * What matters besides provider and service for an offer change, in words: the former name of a rename, a
 * qualification that was en cours, a renewal's new end, a reminder's days left (`left` when the reminder has none).
 * Shared by `history` and the status page.
 */
export function offerChangeDetails(e: OfferEvent, t: Messages, left: () => string | undefined): string[] {
  const extra: string[] = [];
  if (e.kind === 'offer.renamed' && e.previous) extra.push(t.history.previously(e.previous.provider, e.previous.service ?? ''));
  if (e.kind === 'offer.added' && e.wasInProgress) extra.push(t.history.wasInProgress);
  if (e.kind === 'offer.renewed' && e.offer.qualifiedUntil) extra.push(t.offer.until(e.offer.qualifiedUntil));
  if (e.kind === 'offer.expiring') {
    const days = e.reminder?.daysLeft;
    const text = days === undefined ? left() : days < 0 ? t.offer.pastEnd(-days) : t.offer.endsIn(days);
    if (text) extra.push(text);
  }
  return extra;
}

import { isNewsEvent, isOperatorEvent, type ChangeEvent, type NewsEvent, type OfferEvent } from '../../core/events.js';
import type { Offer } from '../../core/offer.js';

/** 2027-12-04 → 04/12/2027: the dates as French readers (and the catalogue) write them. */
const frDate = (iso: string | undefined): string => (iso ? iso.split('-').reverse().join('/') : '?');

function describeOffer(o: Offer): string {
  const types = o.types.length > 0 ? ` (${o.types.join(', ')})` : '';
  const validity = o.qualifiedFrom || o.qualifiedUntil ? ` · du ${frDate(o.qualifiedFrom)} au ${frDate(o.qualifiedUntil)}` : '';
  const decision = o.decision ? ` · décision ${o.decision}${o.decisionUrl ? ` ${o.decisionUrl}` : ''}` : '';
  return `${o.provider} — ${o.service}${types}${validity}${decision}`;
}

const TITLES: Record<OfferEvent['kind'], string> = {
  'offer.added': 'Nouvelle qualification SecNumCloud',
  'offer.removed': 'Retiré du catalogue SecNumCloud',
  'offer.renamed': 'Offre renommée',
  'offer.renewed': 'Qualification renouvelée',
  'offer.updated': 'Offre mise à jour',
  'offer.expiring': 'Qualification bientôt échue',
  'offer.in_progress': 'Nouvelle offre en cours de qualification',
};

/**
 * The console sink's text for one change event: a line a person can read in a terminal or a log, with
 * every fact spelled out in words (no colour or symbol carries meaning).
 */
export function formatConsole(e: ChangeEvent): string {
  if (isOperatorEvent(e)) return `[opérateurs] ${e.kind} · ${e.summary}`;
  if (isNewsEvent(e)) return formatNews(e);
  const head = `${TITLES[e.kind]} : ${describeOffer(e.offer)}`;
  if (e.kind === 'offer.expiring' && e.reminder) {
    const { daysLeft } = e.reminder;
    return daysLeft >= 0
      ? `${head} (fin dans ${daysLeft} jour${daysLeft > 1 ? 's' : ''})`
      : `${head} (date de fin dépassée de ${-daysLeft} jour${daysLeft < -1 ? 's' : ''}, toujours listée au catalogue)`;
  }
  if (e.kind === 'offer.added' && e.wasInProgress) {
    return `${head} (était en cours de qualification${e.wasInProgress.since ? ` depuis le ${frDate(e.wasInProgress.since)}` : ''})`;
  }
  if (e.kind === 'offer.renamed' && e.previous) return `${head} (auparavant : ${e.previous.provider} — ${e.previous.service})`;
  if (e.previous && e.changes && e.changes.length > 0) return `${head} (champs modifiés : ${e.changes.join(', ')})`;
  return head;
}

function formatNews(e: NewsEvent): string {
  const about = [...e.keywords, ...e.providers].join(', ');
  return `Actualité${about ? ` (${about})` : ''} : ${e.item.title}${e.item.url ? ` ${e.item.url}` : ''} · ${e.seenIn.join(', ')}`;
}

import { z } from 'zod';
import { matchOffers } from './match.js';
import { isIsoDate, type Offer, type Snapshot } from './offer.js';
import { isProductList } from './tracks.js';

/** The guard's thresholds, as a source's settings in feeds/sources.json give them. */
export interface GuardThresholds {
  /** Fewer offers than this and the snapshot is not believed. */
  minRows: number;
  /** Share of the previous offers (0–1) that may disappear at once. */
  maxDropRatio: number;
  /** Number of offers that may disappear at once, whatever the share; also the churn that passes whatever its share. */
  minDropCount: number;
  /**
   * Share of the rows of both editions (0–1) that may have no counterpart in the other (removed + added after
   * matching; renames, renewals and updates are matched, so they do not count).
   */
  maxReplacedRatio: number;
}

/**
 * Thresholds as written in sources.json: each optional, defaulted. The catalogue's cloud table has
 * had 16 rows (December 2025); five would already mean the parser lost the table. A drop is suspect
 * only when it is larger than both 30 % and 3 rows, so a small source may lose a row or two and a
 * large one a handful, as qualifications really lapse. A table whose rows are more than half replaced
 * (a month sees a few qualifications come and go, never half the table) is suspect too.
 */
export const guardThresholdsSchema = z.object({
  minRows: z.number().int().nonnegative().default(5),
  maxDropRatio: z.number().min(0).max(1).default(0.3),
  minDropCount: z.number().int().nonnegative().default(3),
  maxReplacedRatio: z.number().min(0).max(1).default(0.5),
}) satisfies z.ZodType<GuardThresholds, unknown>;

export const DEFAULT_GUARD: Readonly<GuardThresholds> = Object.freeze(guardThresholdsSchema.parse({}));

export type GuardVerdict = { trusted: true } | { trusted: false; reasons: string[] };

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** Rows a parser cannot have read right: no name, a date that is no calendar date, an end before the start. */
function rowProblem(o: Offer): string | undefined {
  // A list whose rows name no service (PASSI, PACS, …) carries none; a printed service name is never blank. A
  // product's developer cell may be printed empty (the sponsor named instead: 0023), never its product's name.
  const blankProvider = !o.provider.trim() && !(o.list !== undefined && isProductList(o.list));
  if (blankProvider || (o.service === undefined ? o.list === undefined : !o.service.trim())) return 'has a blank name';
  const dates = [['qualifiedFrom', o.qualifiedFrom], ['qualifiedUntil', o.qualifiedUntil], ['inProgressSince', o.inProgressSince]] as const;
  for (const [field, value] of dates) {
    if (value !== undefined && value !== '' && !isIsoDate(value)) {
      return `has ${field} "${value}", not a YYYY-MM-DD date`;
    }
  }
  if (o.qualifiedFrom && o.qualifiedUntil && o.qualifiedFrom > o.qualifiedUntil) {
    return `ends (${o.qualifiedUntil}) before it starts (${o.qualifiedFrom})`;
  }
  return undefined;
}

/** Rows with no counterpart in the other edition, by the diff's own matching (renames and renewals are pairs). */
function replacedRows(previous: readonly Offer[], next: readonly Offer[]): { removed: number; added: number } {
  const { removed, added } = matchOffers(previous, next);
  return { removed: removed.length, added: added.length };
}

/** How many bad rows a reason names before it summarises the rest. */
const ROWS_NAMED = 3;

/**
 * Whether `next` can be believed enough to alert anyone (ARCHITECTURE.md, "Never alert on a snapshot
 * you cannot trust"). Not trusted when:
 * - it has fewer offers than `minRows` (checked on a first snapshot too, which has no `previous`); the reasons
 *   then carry the adapter's `reading` when it has one (the layouts tried, and why each was refused);
 * - compared with `previous`, the number of offers fell by more than `maxDropRatio` of the previous
 *   count AND by more than `minDropCount` offers (strictly, both);
 * - compared with `previous`, the table was mostly replaced: the rows of either edition that `matchOffers`
 *   finds no counterpart for (removed + added) are more than `maxReplacedRatio` of the rows of both
 *   editions AND more than `minDropCount` (strictly, both). A table whose 16 rows all changed, same count
 *   and well formed, is what a wrong table or a forged document looks like; renames, renewals and updates
 *   are matched, so a month renewing half the table is trusted;
 * - some offer is malformed: empty provider (a product's developer excepted: its cell is printed empty at
 *   times) or service, a date that is not a real `YYYY-MM-DD`, or an end date before the start date.
 * The reasons name the figures, for the operators' channel. A document that is no longer the expected
 * one is the source adapter's to reject.
 */
export function assessSnapshot(
  previous: Snapshot | undefined,
  next: Snapshot,
  thresholds: GuardThresholds,
): GuardVerdict {
  const reasons: string[] = [];
  const rows = next.offers.length;
  if (rows < thresholds.minRows) {
    reasons.push(`${rows} rows, fewer than minRows ${thresholds.minRows}`);
    // A page whose layout is recognised says what was tried, so the operators know what to fix (or to select).
    const { layout, refused = [] } = next.reading ?? {};
    if (next.reading) reasons.push(`${layout ? `layout found: ${layout}; ` : 'no layout recognised; '}layouts tried: ${refused.join('; ') || 'none other'}`);
  }

  if (previous) {
    const before = previous.offers.length;
    const drop = before - rows;
    const ratio = before > 0 ? drop / before : 0;
    if (drop > thresholds.minDropCount && ratio > thresholds.maxDropRatio) {
      reasons.push(
        `${before} → ${rows} rows: a drop of ${drop} (${percent(ratio)}), more than maxDropRatio ` +
          `${percent(thresholds.maxDropRatio)} and minDropCount ${thresholds.minDropCount}`,
      );
    }
    const churn = replacedRows(previous.offers, next.offers);
    const share = before + rows > 0 ? (churn.removed + churn.added) / (before + rows) : 0;
    if (churn.removed + churn.added > thresholds.minDropCount && share > thresholds.maxReplacedRatio) {
      reasons.push(
        `${before} → ${rows} rows: ${churn.removed} removed and ${churn.added} added after matching ` +
          `(${percent(share)} of the rows replaced), more than maxReplacedRatio ${percent(thresholds.maxReplacedRatio)} ` +
          `and minDropCount ${thresholds.minDropCount}`,
      );
    }
  }

  const bad = next.offers.flatMap((o) => {
    const problem = rowProblem(o);
    const label = `${o.provider.trim() || '(blank)'} / ${o.service?.trim() || (o.list ? o.list : '(blank)')}`;
    return problem ? [`${label} ${problem}`] : [];
  });
  reasons.push(...bad.slice(0, ROWS_NAMED));
  if (bad.length > ROWS_NAMED) reasons.push(`and ${bad.length - ROWS_NAMED} more malformed rows`);

  return reasons.length === 0 ? { trusted: true } : { trusted: false, reasons };
}

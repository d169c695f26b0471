/**
 * The status page's pictures for the list shown: its current offers' validity periods (ending soonest first, so
 * what ends soon stands out at the top, in its own colour and in words) and its number of qualified offers in each
 * kept edition. Reads the kept editions (at most COUNT_POINTS_MAX of them, the latest); the drawing is pure.
 */
import type { Lang, ListState, TrackerState } from '../commands/ports.js';
import { countChart, COUNT_POINTS_MAX, type CountPoint } from './count-chart.js';
import { html, type SafeHtml } from './page-html.js';
import { validityChart } from './validity-chart.js';

/** Rows of the status page's validity chart: the 20 ending soonest. */
const VALIDITY_ROWS = 20;

async function countsOf(state: TrackerState, list: string): Promise<CountPoint[]> {
  if (!state.editions) return [];
  const kept = (await state.editions.list()).filter((e) => e.lists.includes(list)).slice(-COUNT_POINTS_MAX);
  const editions = await Promise.all(kept.map((e) => state.editions!.get(e.edition, [list])));
  return editions.flatMap((e) => (e ? [{ edition: e.edition, count: e.records[list]?.length ?? 0 }] : []));
}

export async function statusCharts(state: TrackerState, lists: readonly ListState[], list: string, short: string, lang: Lang, today: string): Promise<SafeHtml> {
  const offers = lists.find((l) => l.list === list)?.offers ?? [];
  const label = (o: { provider: string; service?: string }): string => (o.service ? `${o.provider} — ${o.service}` : o.provider);
  const validity = validityChart(offers, { lang, today, idPrefix: 'validity', maxRows: VALIDITY_ROWS, label });
  const counts = countChart(await countsOf(state, list), { lang, list: short, idPrefix: 'counts' });
  return html`${validity}${counts}`;
}

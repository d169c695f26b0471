/**
 * How many offers a list held in each kept edition, as inline SVG drawn on the server (the rules of
 * validity-chart.ts: classes of the hashed stylesheet, presentation attributes, a title and a description). Pure.
 * Each bar is labelled with its count and its edition's date, so the drawing is its own text equivalent.
 */
import { messages } from '../commands/i18n.js';
import type { Lang } from '../commands/ports.js';
import { html, type SafeHtml } from './page-html.js';

export interface CountPoint {
  edition: string;
  count: number;
}

const WIDTH = 400;
const HEIGHT = 160;
const TOP = 22;
const BOTTOM = 36;
/** Editions drawn at most (the latest): a bar stays wide enough for its label at 375 px. */
export const COUNT_POINTS_MAX = 12;

const WORDS = {
  fr: { title: 'Offres qualifiées par édition du catalogue', desc: (list: string, first: string, last: string) => `Nombre d'offres qualifiées ${list} dans chaque édition conservée, du ${first} au ${last}.` },
  en: { title: 'Qualified offers by catalogue edition', desc: (list: string, first: string, last: string) => `Number of ${list} qualified offers in each kept edition, from ${first} to ${last}.` },
};

/** The chart, or nothing with fewer than two editions (one bar says nothing of a trend). */
export function countChart(points: readonly CountPoint[], o: { lang: Lang; list: string; idPrefix: string }): SafeHtml | '' {
  const shown = points.slice(-COUNT_POINTS_MAX);
  if (shown.length < 2) return '';
  const t = messages(o.lang);
  const w = WORDS[o.lang];
  const max = Math.max(1, ...shown.map((p) => p.count));
  const slot = WIDTH / shown.length;
  const plot = HEIGHT - TOP - BOTTOM;
  const bars = shown.map((p, i) => {
    const h = (p.count / max) * plot;
    const x = i * slot + slot * 0.15;
    const cx = (i * slot + slot / 2).toFixed(1);
    const y = TOP + plot - h;
    const short = `${p.edition.slice(8, 10)}/${p.edition.slice(5, 7)}`;
    return html`<g><title>${t.date(p.edition)}${t.colon}${p.count}</title><rect class="bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${Math.max(1, h).toFixed(1)}"/><text x="${cx}" y="${(y - 5).toFixed(1)}" text-anchor="middle">${p.count}</text><text class="year" x="${cx}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle">${short}</text><text class="year" x="${cx}" y="${HEIGHT - BOTTOM + 30}" text-anchor="middle">${p.edition.slice(0, 4)}</text></g>`;
  });
  const desc = w.desc(o.list, t.date(shown[0]!.edition), t.date(shown.at(-1)!.edition));
  return html`<figure class="chart-box"><svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${o.idPrefix}-t ${o.idPrefix}-d" focusable="false">
<title id="${o.idPrefix}-t">${w.title}</title><desc id="${o.idPrefix}-d">${desc}</desc>
<line class="axis" x1="0" y1="${HEIGHT - BOTTOM}" x2="${WIDTH}" y2="${HEIGHT - BOTTOM}"/>${bars}
</svg><figcaption class="sr-only">${desc}</figcaption></figure>`;
}

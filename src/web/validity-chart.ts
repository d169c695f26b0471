/**
 * Qualification periods on a time axis, with today marked, as inline SVG drawn on the server. Pure.
 *
 * The page's CSP allows no `style` attribute and no external image: the drawing uses only classes of the hashed
 * stylesheet (styles.ts) and presentation attributes. It is an image with a title and a description; every bar has
 * its own `<title>`, and the dates are in the table next to it (the text equivalent). A label sits above each bar, in
 * a 400-unit wide drawing, so it stays readable once scaled to a 375 px screen. An offer ending within 90 days (or
 * past its end) is drawn in another colour and says so in words in its label.
 */
import { messages } from '../commands/i18n.js';
import type { Lang } from '../commands/ports.js';
import { daysBetween } from '../core/calendar.js';
import type { Offer } from '../core/offer.js';
import { html, type SafeHtml } from './page-html.js';

export interface ChartOptions {
  lang: Lang;
  today: string;
  /** Unique within the page: ids of the title and description. */
  idPrefix: string;
  /** Rows drawn at most (the longest list is cut, and the description says how many are left out). */
  maxRows?: number;
  /** Label of a bar: the service by default; the status page adds the provider. */
  label?: (o: Offer) => string;
}

const WIDTH = 400;
const PAD = 8;
const ROW = 40;
/** A band above the rows for the "today" label, so it never sits on a year. */
const TOP = 20;
const SOON = 90;
const DAY_MS = 86_400_000;
/** Characters of a label at most: the drawing clips what runs past its edge; the bar's title has the whole name. */
const LABEL_MAX = 44;
const cut = (s: string): string => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1).trimEnd()}…` : s);
const ms = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

const WORDS = {
  fr: {
    title: 'Périodes de validité des qualifications',
    desc: (n: number, cut: number) => `${n} qualification${n > 1 ? 's' : ''} sur un axe du temps ; le trait vertical marque aujourd'hui.${cut > 0 ? ` ${cut} autres ne sont pas dessinées.` : ''} Les dates sont dans le tableau.`,
    today: "aujourd'hui",
    soon: (n: number) => (n < 0 ? 'échue' : `fin dans ${n} j`),
  },
  en: {
    title: 'Qualification validity periods',
    desc: (n: number, cut: number) => `${n} qualification${n > 1 ? 's' : ''} on a time axis; the vertical line marks today.${cut > 0 ? ` ${cut} more are not drawn.` : ''} The dates are in the table.`,
    today: 'today',
    soon: (n: number) => (n < 0 ? 'ended' : `ends in ${n} d`),
  },
};

/** The chart, or nothing when no offer has both dates. */
export function validityChart(offers: readonly Offer[], o: ChartOptions): SafeHtml | '' {
  const dated = offers.filter((x): x is Offer & { qualifiedFrom: string; qualifiedUntil: string } => !!x.qualifiedFrom && !!x.qualifiedUntil && ms(x.qualifiedFrom) <= ms(x.qualifiedUntil));
  if (dated.length === 0) return '';
  const rows = [...dated].sort((a, b) => a.qualifiedUntil.localeCompare(b.qualifiedUntil)).slice(0, o.maxRows ?? 40);
  const w = WORDS[o.lang];
  const t = messages(o.lang);
  const start = Math.min(...rows.map((r) => ms(r.qualifiedFrom)), ms(o.today));
  const end = Math.max(...rows.map((r) => ms(r.qualifiedUntil)), ms(o.today)) + DAY_MS;
  const x = (iso: string): number => PAD + ((ms(iso) - start) / (end - start)) * (WIDTH - 2 * PAD);
  const axisY = TOP + rows.length * ROW + 4;
  const height = axisY + 22;
  const bars = rows.map((r, i) => {
    const left = daysBetween(o.today, r.qualifiedUntil);
    const tone = left < 0 ? 'bar-past' : left <= SOON ? 'bar-soon' : 'bar';
    const name = o.label ? o.label(r) : (r.service ?? r.provider);
    const label = tone === 'bar' ? cut(name) : `${cut(name.slice(0, LABEL_MAX - 16))} (${w.soon(left)})`;
    const y = TOP + i * ROW;
    const x0 = x(r.qualifiedFrom);
    return html`<g><title>${name}${t.colon}${t.date(r.qualifiedFrom)} – ${t.date(r.qualifiedUntil)}</title><text x="${PAD}" y="${y + 16}">${label}</text><rect class="${tone}" x="${x0.toFixed(1)}" y="${y + 22}" width="${Math.max(2, x(r.qualifiedUntil) - x0).toFixed(1)}" height="12" rx="2"/></g>`;
  });
  const years: SafeHtml[] = [];
  for (let year = new Date(start).getUTCFullYear() + 1; ms(`${year}-01-01`) < end; year++) {
    const xi = x(`${year}-01-01`).toFixed(1);
    years.push(html`<line class="axis" x1="${xi}" y1="${TOP}" x2="${xi}" y2="${axisY}"/><text class="year" x="${xi}" y="${axisY + 16}" text-anchor="middle">${year}</text>`);
  }
  const tx = x(o.today).toFixed(1);
  const id = o.idPrefix;
  return html`<figure class="chart-box"><svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${id}-t ${id}-d" focusable="false">
<title id="${id}-t">${w.title}</title><desc id="${id}-d">${w.desc(rows.length, dated.length - rows.length)}</desc>
${years}${bars}<line class="today" x1="${tx}" y1="${TOP - 4}" x2="${tx}" y2="${axisY}"/><text class="today-label" x="${tx}" y="${TOP - 7}" text-anchor="${Number(tx) > WIDTH / 2 ? 'end' : 'start'}">${w.today}</text>
</svg><figcaption class="sr-only">${w.desc(rows.length, dated.length - rows.length)}</figcaption></figure>`;
}

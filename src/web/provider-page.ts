/**
 * A provider's page (`/providers/<slug>`) as one HTML document, from its story (src/core/provider-story.ts). Pure:
 * a string out. The same rules as the status page: every text escaped by `html`, links only from http(s) URLs, no
 * script, only the hashed stylesheet (so no `style` attribute, in the charts either).
 */
import { messages } from '../commands/i18n.js';
import type { Lang } from '../commands/ports.js';
import { daysBetween } from '../core/calendar.js';
import type { Offer } from '../core/offer.js';
import type { ProviderStory, StoryStep } from '../core/provider-story.js';
import { listOf } from '../core/tracks.js';
import { listShort } from './list-names.js';
import { html, join, safeHref, styleElement, type SafeHtml } from './page-html.js';
import { pageWords } from './page-words.js';
import { providerWords, type ProviderWords } from './provider-words.js';
import { PAGE_CSS } from './styles.js';
import { validityChart } from './validity-chart.js';

export interface ProviderPageInput {
  story: ProviderStory;
  lang: Lang;
  /** Today in TZ_REFERENCE. */
  today: string;
  timeZone: string;
}

const SOON_DAYS = 90;

function day(iso: string | undefined, lang: Lang): SafeHtml | string {
  return iso ? html`<time datetime="${iso}">${messages(lang).date(iso)}</time>` : '';
}

const link = (url: string | undefined, label: string): SafeHtml => {
  const href = safeHref(url);
  return href ? html`<a href="${href}">${label}</a>` : html`${label}`;
};

function qualificationRow(o: Offer, p: ProviderPageInput, w: ProviderWords): SafeHtml {
  const left = o.qualifiedUntil ? daysBetween(p.today, o.qualifiedUntil) : undefined;
  const tag = left === undefined || left > SOON_DAYS ? '' : html` <strong class="tag ${left < 0 ? 'past' : 'soon'}">${w.daysLeft(left)}</strong>`;
  const c = w.columns;
  // A product: its version after its name, "Non maintenu" where it has no end date, its certificate where it has no decision.
  const service = [o.service, o.version].filter(Boolean).join(' ');
  const until = o.maintained === false ? pageWords(p.lang).products.notMaintained : day(o.qualifiedUntil, p.lang);
  const reference = o.decision ? link(o.decisionUrl, o.decision) : o.certificate ? link(o.certificateUrl, o.certificate) : '';
  return html`<tr><th scope="row">${listShort(listOf(o), p.lang)}</th><td data-label="${c.service}">${service}</td><td data-label="${c.from}">${day(o.qualifiedFrom, p.lang)}</td><td data-label="${c.until}">${until}${tag}</td><td data-label="${c.decision}">${reference}</td></tr>`;
}

function qualifications(p: ProviderPageInput, w: ProviderWords): SafeHtml {
  const { story } = p;
  if (story.qualifications.length === 0) return html`<p>${w.noQualification}</p>`;
  const c = w.columns;
  return html`<table><caption>${w.caption(story.name)}</caption>
<thead><tr><th scope="col">${c.list}</th><th scope="col">${c.service}</th><th scope="col">${c.from}</th><th scope="col">${c.until}</th><th scope="col">${c.decision}</th></tr></thead>
<tbody>${story.qualifications.map((o) => qualificationRow(o, p, w))}</tbody></table>`;
}

/** What a step says after its kind: the service (and its list), or the news title, then the kind's detail. */
function stepSubject(s: StoryStep, p: ProviderPageInput, w: ProviderWords): SafeHtml {
  const t = messages(p.lang);
  if (s.kind === 'news') return link(s.source.url, s.title ?? '');
  const parts: Array<SafeHtml | string> = [];
  const list = s.list && s.list !== 'secnumcloud' ? `${listShort(s.list, p.lang)} — ` : '';
  parts.push(`${list}${s.service ?? s.provider ?? ''}`);
  if (s.previous) parts.push(w.previously([s.previous.provider, s.previous.service].filter(Boolean).join(' — ')));
  if (s.until) parts.push(w.until(t.date(s.until)));
  if (s.recommendation) parts.push(w.recommendation(w.levels[s.recommendation.from ?? ''] ?? '?', w.levels[s.recommendation.to ?? ''] ?? '?'));
  if (s.daysLeft !== undefined) parts.push(w.daysLeft(s.daysLeft));
  const src = safeHref(s.source.url) ? html` — ${link(s.source.url, w.source)}` : '';
  return html`${join(parts, ' — ')}${src}`;
}

function timeline(p: ProviderPageInput, w: ProviderWords): SafeHtml {
  const t = messages(p.lang);
  const { story } = p;
  const since = story.trackedSince ? html`<p class="notice">${w.trackedSince(t.date(story.trackedSince.slice(0, 10)))}</p>` : '';
  if (story.steps.length === 0) return html`${since}<p>${w.noStep}</p>`;
  const item = (s: StoryStep): SafeHtml => html`<li>${day(s.date, p.lang)} — <strong>${w.kinds[s.kind]}</strong>${t.colon}${stepSubject(s, p, w)}</li>`;
  return html`${since}<ol class="timeline">${story.steps.map(item)}</ol>`;
}

function announced(p: ProviderPageInput, w: ProviderWords): SafeHtml | string {
  const a = p.story.announced;
  if (!a) return '';
  const t = messages(p.lang);
  return html`<section aria-labelledby="announced-h"><h2 id="announced-h">${w.announcedHeading}</h2>
<p>${w.announced(t.date(a.at.slice(0, 10)), a.sourceName ?? a.source)} ${link(a.url, a.title)}</p></section>`;
}

export function renderProviderPage(p: ProviderPageInput): string {
  const w = providerWords(p.lang);
  const other: Lang = p.lang === 'fr' ? 'en' : 'fr';
  const { story } = p;
  const former = story.formerNames.length > 0 ? html`<p class="intro">${w.formerNames(story.formerNames.join(', '))}</p>` : '';
  const entries = story.inProgress.map((o) => html`<li><strong>${o.service ?? ''}</strong>${o.inProgressSince ? html` — ${w.inProgressSince(messages(p.lang).date(o.inProgressSince))}` : ''}</li>`);
  const chart = validityChart(story.qualifications, { lang: p.lang, today: p.today, idPrefix: 'validity' });
  return html`<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${w.title(story.name)}</title>
<meta name="description" content="${w.intro(story.name)}">
<link rel="alternate" hreflang="${other}" href="?lang=${other}">
${styleElement(PAGE_CSS)}
</head>
<body>
<a class="skip" href="#main">${pageWords(p.lang).skip}</a>
<header><div class="wrap">
<p class="lang"><a href="../?lang=${p.lang}">${w.back}</a> · <a href="?lang=${other}" hreflang="${other}" lang="${other}">${other === 'fr' ? 'Français' : 'English'}</a></p>
<h1>${story.name}</h1>
<p class="intro">${w.intro(story.name)}</p>
${former}
</div></header>
<main id="main" tabindex="-1" class="wrap">
<section aria-labelledby="qualifications-h">
<h2 id="qualifications-h">${w.qualificationsHeading}</h2>
${chart}
${qualifications(p, w)}
</section>
${entries.length > 0 ? html`<section aria-labelledby="progress-h"><h2 id="progress-h">${w.inProgressHeading}</h2><ul>${entries}</ul></section>` : ''}
${announced(p, w)}
<section aria-labelledby="timeline-h">
<h2 id="timeline-h">${w.timelineHeading}</h2>
${timeline(p, w)}
</section>
</main>
<footer><div class="wrap"><p><a href="../?lang=${p.lang}">${w.back}</a> · <a href="../api/providers/${story.slug}">API</a></p></div></footer>
</body>
</html>
`.text;
}

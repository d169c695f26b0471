/**
 * The status page as one HTML document, from its view model (page-model.ts). Pure: a string out, nothing
 * read. Every text goes through `html`, which escapes it; links are made only from http(s) URLs. No script:
 * filtering is a GET form the server answers.
 */
import type { Inline } from '../commands/reply.js';
import type { ChangeItem, DateText, OfferRow, PageModel, ProviderGroup, SourceRow } from './page-model.js';
import { html, join, safeHref, styleElement, type SafeHtml } from './page-html.js';
import { pageHref } from './page-query.js';
import { PAGE_CSS } from './styles.js';
import { providerSlug } from '../core/provider-slug.js';

const time = (d: DateText | undefined): SafeHtml | string => (d ? html`<time datetime="${d.iso}">${d.text}</time>` : '');

function inline(c: Inline): SafeHtml {
  if (typeof c === 'string') return html`${c}`;
  if ('bold' in c) return html`<strong>${c.bold}</strong>`;
  if ('code' in c) return html`<code>${c.code}</code>`;
  const href = safeHref(c.link);
  return href ? html`<a href="${href}">${c.label}</a>` : html`${c.label}`;
}

function decisionCell(row: OfferRow, m: PageModel): SafeHtml {
  const d = row.decision;
  if (!d) return html`<td data-label="${m.words.columns.decision}"></td>`;
  const href = safeHref(d.url);
  const label = href ? html`<a href="${href}" type="application/pdf">${d.label}<span class="sr-only"> (${m.words.pdf})</span></a>` : html`${d.label}`;
  return html`<td data-label="${m.words.columns.decision}">${label}</td>`;
}

/** The columns of the list shown, after the row's header: SecNumCloud's are service, types, dates and decision. */
type ServiceCol = 'types' | 'scopes' | 'level' | 'nationalSecurity' | 'from' | 'until' | 'decision' | 'recommendation';
type ProductCol = 'version' | 'certificate' | 'category' | 'approval' | 'evaluationFacility' | 'sponsor';
type Col = ServiceCol | ProductCol;
function columnsOf(m: PageModel): Col[] {
  const c = m.list.columns;
  const p = c.product;
  if (p) {
    const own = (['version', 'certificate', 'category'] as const).filter((k) => p[k]);
    const more = (['approval', 'evaluationFacility', 'sponsor'] as const).filter((k) => p[k]);
    return [...own, ...(c.level ? (['level'] as const) : []), ...more, 'from', 'until', ...(p.decision ? (['decision'] as const) : []), ...(c.recommendation ? (['recommendation'] as const) : [])];
  }
  const own = (['scopes', 'level', 'nationalSecurity'] as const).filter((k) => c[k]);
  return [...(c.types ? (['types'] as const) : []), ...own, 'from', 'until', 'decision', ...(c.recommendation ? (['recommendation'] as const) : [])];
}

/** A column's name: a product list says validity where the service lists say qualification. */
function labelOf(col: Col, m: PageModel): string {
  const p = m.words.products.columns;
  if (m.list.columns.product && (col === 'from' || col === 'until')) return p[col];
  return col in m.words.columns ? m.words.columns[col as ServiceCol] : p[col as ProductCol];
}

/** The certificate's id linking to the certificate, then its report and security target, each a PDF. */
function certificateCell(row: OfferRow, m: PageModel, label: string): SafeHtml {
  const c = row.certificate;
  if (!c) return html`<td data-label="${label}"></td>`;
  const pdf = (url: string | undefined, text: string, extra = ''): SafeHtml | string => {
    const href = safeHref(url);
    return href ? html`<a href="${href}" type="application/pdf">${text}<span class="sr-only">${extra} (${m.words.pdf})</span></a>` : text;
  };
  const p = m.words.products;
  // The report and target links name the certificate for screen readers: "rapport" alone, listed 381 times, says nothing.
  const docs = ([[c.reportUrl, p.report], [c.targetUrl, p.target]] as const).filter(([url]) => safeHref(url)).map(([url, text]) => pdf(url, text, ` ${c.id}`));
  return html`<td data-label="${label}">${pdf(c.url, c.id)}${docs.length > 0 ? html`<br><span class="n">${join(docs, ' · ')}</span>` : ''}</td>`;
}

function cell(col: Col, row: OfferRow, m: PageModel): SafeHtml {
  const label = labelOf(col, m);
  switch (col) {
    case 'types':
      return html`<td data-label="${label}">${row.types}</td>`;
    case 'from':
      return html`<td data-label="${label}">${time(row.from)}</td>`;
    case 'until': {
      const left = row.remaining ? html` <strong class="tag ${row.remaining.tone}">${row.remaining.text}</strong>` : '';
      const stale = row.notMaintained ? m.words.products.notMaintained : '';
      return html`<td data-label="${label}">${time(row.until)}${stale}${left}</td>`;
    }
    case 'decision':
      return decisionCell(row, m);
    case 'certificate':
      return certificateCell(row, m, label);
    default:
      return html`<td data-label="${label}">${row.cells?.[col] ?? ''}</td>`;
  }
}

function offerRow(row: OfferRow, m: PageModel, cols: readonly Col[]): SafeHtml {
  return html`<tr><th scope="row">${row.service}</th>${cols.map((col) => cell(col, row, m))}</tr>`;
}

/** A provider's name, linked to its page (`providers/<slug>`, relative: works behind a prefix). */
const providerLink = (name: string, m: PageModel): SafeHtml => html`<a href="providers/${providerSlug(name)}?lang=${m.lang}">${name}</a>`;

function providerGroup(g: ProviderGroup, m: PageModel, cols: readonly Col[]): SafeHtml {
  const count = m.product ? m.words.products.rowCount(g.offers.length) : m.words.offerCount(g.offers.length);
  return html`<tbody><tr><th scope="rowgroup" colspan="${cols.length + 1}">${providerLink(g.provider, m)} <span class="n">(${count})</span></th></tr>${g.offers.map((r) => offerRow(r, m, cols))}</tbody>`;
}

function offersTable(m: PageModel): SafeHtml {
  const w = m.words;
  const notice = m.catalogueNotice ? html`<p class="notice">${m.catalogueNotice}</p>` : '';
  if (m.groups.length === 0) return html`${notice}${m.noMatch ? html`<p>${m.product ? w.products.noMatch : w.noMatch}</p>` : ''}`;
  const c = w.columns;
  const cols = columnsOf(m);
  const caption = m.list.primary ? w.caption(m.edition?.text) : w.listCaption(m.list.heading, m.edition?.text);
  const grouped = m.list.columns.grouped;
  // A list whose rows name no service has one row a provider: the provider heads the row, no group is needed.
  const body = grouped ? m.groups.map((g) => providerGroup(g, m, cols)) : html`<tbody>${m.groups.flatMap((g) => g.offers).map((r) => offerRow(r, m, cols))}</tbody>`;
  return html`${notice}<table class="offers"><caption>${caption}</caption>
<thead><tr><th scope="col">${m.product ? (grouped ? w.products.columns.product : w.products.columns.developer) : grouped ? c.service : c.provider}</th>${cols.map((col) => html`<th scope="col">${labelOf(col, m)}</th>`)}</tr></thead>
${body}
</table>
${pagingNav(m)}`;
}

/** A long table's other pages, as links (no JavaScript); the rows shown are said above the table too. */
function pagingNav(m: PageModel): SafeHtml {
  const p = m.paging;
  if (!p) return html``;
  const w = m.words.paging;
  return html`<nav aria-label="${w.heading}" class="paging"><p>${p.range} ${p.page}.${p.previous ? html` <a href="${p.previous}" rel="prev">${w.previous}</a>` : ''}${p.next ? html` <a href="${p.next}" rel="next">${w.next}</a>` : ''}</p></nav>`;
}

function filterForm(m: PageModel): SafeHtml {
  const w = m.words;
  const options = m.types.map((type) => html`<option value="${type}"${m.query.type === type ? html` selected` : ''}>${type}</option>`);
  const typeField = m.types.length > 0 ? html`<div class="field"><label for="type">${w.typeLabel}</label><select id="type" name="type"><option value="">${w.allTypes}</option>${options}</select></div>` : '';
  const p = w.products;
  const categories = m.categories.map((c) => html`<option value="${c}"${m.query.category === c ? html` selected` : ''}>${c}</option>`);
  const categoryField = m.categories.length > 0 ? html`<div class="field"><label for="category">${p.categoryLabel}</label><select id="category" name="category"><option value="">${p.allCategories}</option>${categories}</select></div>` : '';
  return html`<form method="get" role="search" aria-labelledby="filter-h">
<h3 id="filter-h">${w.filterHeading}</h3>
<input type="hidden" name="lang" value="${m.lang}">
${m.list.primary ? '' : html`<input type="hidden" name="list" value="${m.list.id}">`}
<div class="fields">
${typeField}${categoryField}
<div class="field"><label for="q">${m.product ? p.searchLabel : w.providerLabel}</label><input id="q" name="q" type="search" value="${m.query.q}" maxlength="100" autocomplete="off" aria-describedby="q-hint"><p class="hint" id="q-hint">${m.product ? p.searchHint : w.providerHint}</p></div>
<div class="actions"><button type="submit">${w.submit}</button>${m.matched ? html`<a href="${m.resetHref}">${w.reset}</a>` : ''}</div>
</div>
</form>
${m.matched ? html`<p class="matched">${m.matched}</p>` : ''}
${m.paging ? html`<p>${m.paging.range} ${m.paging.page}.</p>` : ''}
${exportLinks(m)}`;
}

/** Next to the filters: the offers shown, as a spreadsheet, a calendar and a feed, with the same filters. */
function exportLinks(m: PageModel): SafeHtml {
  const w = m.words.exports;
  const e = m.exports;
  return html`<p class="exports">${w.label}${m.t.colon}<a href="${e.csv}" type="text/csv">${w.csv}</a> · <a href="${e.calendar}" type="text/calendar">${w.calendar}</a> · <a href="${e.feed}" type="application/atom+xml">${w.feed}</a></p>`;
}

/** The list selector: links, so it works without JavaScript; the list shown is marked as the current page. */
function listSelector(m: PageModel): SafeHtml {
  if (m.listLinks.length === 0) return html``;
  const item = (l: PageModel['listLinks'][number]): SafeHtml =>
    html`<li><a href="${l.href}"${l.current ? html` aria-current="page"` : ''}>${l.label}${l.long ? html`<span class="sr-only"> — ${l.long}</span>` : ''}</a>${l.note ? html` <span class="n">(${l.note})</span>` : ''}</li>`;
  return html`<nav aria-labelledby="lists-h">
<h2 id="lists-h">${m.words.listsHeading}</h2>
<ul class="lists">${m.listLinks.map(item)}</ul>
</nav>`;
}

function inProgressList(m: PageModel): SafeHtml {
  const w = m.words;
  const notice = m.inProgressNotice ? html`<p class="notice">${m.inProgressNotice}</p>` : '';
  if (m.inProgress.length === 0) return html`${notice}${m.inProgressNoMatch ? html`<p>${w.noInProgressMatch}</p>` : ''}`;
  const items = m.inProgress.map((e) => html`<li><strong>${providerLink(e.provider, m)}</strong> — ${join([e.service, e.types, e.since].filter((x) => x !== undefined), ' — ')}</li>`);
  return html`<p>${w.inProgressIntro}</p>${notice}<ul>${items}</ul>`;
}

function changeList(m: PageModel): SafeHtml {
  if (m.changes.length === 0) return html`<p>${m.t.history.none}</p>`;
  const item = (c: ChangeItem): SafeHtml => html`<li>${c.day ? html`${time(c.day)} — ` : ''}<strong>${c.kind}</strong>${m.t.colon}${c.subject.map(inline)}</li>`;
  return html`<ol>${m.changes.map(item)}</ol>`;
}

function sourcesTable(m: PageModel): SafeHtml {
  const w = m.words;
  if (m.sources.length === 0) return html``;
  const c = w.sourceColumns;
  const row = (s: SourceRow): SafeHtml =>
    html`<tr><th scope="row">${s.name}</th><td data-label="${c.state}"><strong class="tag state-${s.state}">${s.stateText}</strong>${s.detail ? html`<br>${s.detail}` : ''}</td><td data-label="${c.lastCheck}">${s.lastCheck}</td><td data-label="${c.lastSuccess}">${s.lastSuccess}</td></tr>`;
  return html`<table class="sources"><caption class="sr-only">${w.sourcesHeading}</caption>
<thead><tr><th scope="col">${c.source}</th><th scope="col">${c.state}</th><th scope="col">${c.lastCheck}</th><th scope="col">${c.lastSuccess}</th></tr></thead>
<tbody>${m.sources.map(row)}</tbody>
</table>`;
}

/** The whole document. */
export function renderStatusPage(m: PageModel, charts?: SafeHtml): string {
  const w = m.words;
  const counts = m.counts.map((c) => html`<div><dt>${c.label}</dt><dd>${c.value}</dd></div>`);
  const other = w.otherLang;
  return html`<!doctype html>
<html lang="${m.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${m.list.primary ? w.title : `${m.list.short} — ${w.title}`}</title>
<meta name="description" content="${w.intro}">
<link rel="alternate" hreflang="${other.lang}" href="${pageHref({ lang: other.lang, q: '' })}">
<link rel="alternate" type="application/atom+xml" href="feed.atom" title="${w.atom}">
${styleElement(PAGE_CSS)}
</head>
<body>
<a class="skip" href="#main">${w.skip}</a>
<header><div class="wrap">
<p class="lang"><a href="${m.otherLangHref}" hreflang="${other.lang}" lang="${other.lang}">${other.label}</a></p>
<h1>${w.title}</h1>
<p class="intro">${w.intro}</p>
</div></header>
<main id="main" tabindex="-1" class="wrap">
<dl class="counts">${counts}</dl>
${listSelector(m)}
<section aria-labelledby="offers-h">
<h2 id="offers-h">${m.list.heading}</h2>
${charts ?? ''}
${filterForm(m)}
${offersTable(m)}
</section>
${m.inProgressShown ? html`<section aria-labelledby="progress-h">
<h2 id="progress-h">${w.inProgressHeading}</h2>
${inProgressList(m)}
</section>` : ''}
<section aria-labelledby="changes-h">
<h2 id="changes-h">${m.t.history.heading}</h2>
${changeList(m)}
</section>
<section aria-labelledby="sources-h">
<h2 id="sources-h">${w.sourcesHeading}</h2>
${sourcesTable(m)}
</section>
</main>
<footer><div class="wrap">
<p>${w.feeds}${m.t.colon}<a href="feed.atom">${w.atom}</a> · <a href="api/offers">${w.api}</a></p>
<p>${w.footer}</p>
</div></footer>
</body>
</html>
`.text;
}


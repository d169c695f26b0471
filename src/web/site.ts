import { listOf, PRIMARY_LIST } from '../core/tracks.js';
import type { Express, Request, Response } from 'express';
import type { Lang, TrackerState } from '../commands/ports.js';
import type { Logger } from '../logger.js';
import { buildPageModel } from './page-model.js';
import { html } from './page-html.js';
import { parsePageQuery } from './page-query.js';
import { renderStatusPage } from './page-render.js';
import { PAGE_CSS_HASH } from './styles.js';
import { readProviderData, storyOf, type HistoryReader } from './provider-data.js';
import { renderProviderPage } from './provider-page.js';
import { statusCharts } from './status-charts.js';
import { todayIn } from '../core/calendar.js';

/** How many of the latest changes the page lists. */
export const CHANGES_SHOWN = 20;
/** How many of the latest changes are read to find the page's: another list's reminders can crowd the log. */
const CHANGES_READ = CHANGES_SHOWN * 10;

/**
 * The page runs no script and loads nothing: only its own inline stylesheet (by hash) is allowed, forms go
 * back to this server only, and no other site may frame it.
 */
export const PAGE_CSP = `default-src 'none'; style-src ${PAGE_CSS_HASH}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

export interface StatusPageDeps {
  state: TrackerState;
  clock: () => Date;
  /** TZ_REFERENCE. */
  timeZone: string;
  /** The page's language without `?lang=` (DEFAULT_LANG: French unless configured). */
  defaultLang: Lang;
  logger: Logger;
  /** The change log, for the providers' pages (`/providers/<slug>`); without it they are not served. */
  changeLog?: HistoryReader;
}

function send(res: Response, status: number, lang: Lang, body: string): void {
  res
    .status(status)
    .set({
      'Content-Security-Policy': PAGE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
      'Content-Language': lang,
    })
    .type('html')
    .send(body);
}

/** Shown when the store cannot be read: no detail for the public (it is in the log). */
const unavailable = (lang: Lang): string =>
  html`<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>SecNumCloud</title><p>${
    lang === 'fr' ? 'Page momentanément indisponible : réessayez dans un instant.' : 'Page unavailable for a moment: try again shortly.'
  }</p></html>`.text;

/** The language of a page that has no query of its own: `?lang=`, else the browser's first of fr or en, else the default. */
function requestLang(req: Request, defaultLang: Lang): Lang {
  const asked = req.query.lang;
  if (asked === 'fr' || asked === 'en') return asked;
  const accepted = req.acceptsLanguages('fr', 'en');
  return accepted === 'fr' || accepted === 'en' ? accepted : defaultLang;
}

/** "Page introuvable", in the visitor's language, with a way back to the status page (relative: works behind a prefix). */
function notFound(lang: Lang, path: string): string {
  const depth = Math.max(0, path.split('/').length - 2);
  const home = depth === 0 ? './' : '../'.repeat(depth);
  const w =
    lang === 'fr'
      ? { title: 'Page introuvable', text: "Cette adresse ne correspond à aucune page du suivi SecNumCloud.", back: "Aller à la page d'accueil du suivi" }
      : { title: 'Page not found', text: 'This address is not a page of the SecNumCloud tracker.', back: "Go to the tracker's home page" };
  return html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${w.title} — SecNumCloud</title></head><body><main><h1>${w.title}</h1><p>${w.text}</p><p><a href="${home}?lang=${lang}">${w.back}</a></p></main></body></html>`.text;
}

/**
 * The public status page at `/` (role web): the state read from the stores at each request, the query
 * (`lang`, `list`, `type`, `q`) applied on the server, so choosing a list and filtering work without JavaScript.
 */
export function mountStatusPage(app: Express, deps: StatusPageDeps): void {
  app.get('/', async (req, res) => {
    const query = parsePageQuery(req.query, deps.defaultLang);
    try {
      const { state } = deps;
      const [qualified, lists, inProgress, sources, changes] = await Promise.all([state.qualified(), state.lists(), state.inProgress(), state.sources(), state.latestChanges(CHANGES_READ)]);
      // The latest changes of the list shown (and news, which belong to no list).
      const shownList = query.list ?? PRIMARY_LIST;
      const ofList = changes.filter((e) => !('offer' in e) || listOf(e.offer) === shownList || query.list === 'all').slice(0, CHANGES_SHOWN);
      const model = buildPageModel({ qualified, lists, inProgress, sources, changes: ofList, query, now: deps.clock(), timeZone: deps.timeZone });
      const charts = await statusCharts(state, lists, model.list.id, model.list.short, query.lang, todayIn(deps.timeZone, deps.clock()));
      send(res, 200, query.lang, renderStatusPage(model, charts));
    } catch (err) {
      deps.logger.error({ err: (err as Error).message }, 'status page: state unreadable');
      send(res, 503, query.lang, unavailable(query.lang));
    }
  });
  if (deps.changeLog) mountProviderPages(app, { ...deps, changeLog: deps.changeLog });
  // Mounted last: whatever no one else answered is a 404 the visitor can read, in French or English (the API's own
  // 404 is JSON, under /api).
  app.use((req, res) => {
    const lang = requestLang(req, deps.defaultLang);
    send(res, 404, lang, notFound(lang, req.path));
  });
}

/**
 * `/providers/<slug>`: a provider's qualifications and history, in the visitor's language. A former name's slug
 * answers 301 to the current one (relative, so it works behind a path prefix); an unknown one falls through to the 404.
 */
function mountProviderPages(app: Express, deps: StatusPageDeps & { changeLog: HistoryReader }): void {
  app.get('/providers/:slug', async (req, res, next) => {
    const lang = requestLang(req, deps.defaultLang);
    const slug = String(req.params.slug);
    if (!/^[a-z0-9-]{1,80}$/.test(slug)) return next();
    try {
      const found = storyOf(await readProviderData(deps.state, deps.changeLog), slug, deps.timeZone);
      if (!found) return next();
      if (found.redirect) return void res.redirect(301, `./${found.story.slug}?lang=${lang}`);
      send(res, 200, lang, renderProviderPage({ story: found.story, lang, today: todayIn(deps.timeZone, deps.clock()), timeZone: deps.timeZone }));
    } catch (err) {
      deps.logger.error({ err: (err as Error).message }, 'provider page: state unreadable');
      send(res, 503, lang, unavailable(lang));
    }
  });
}

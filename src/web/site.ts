import type { Express, Response } from 'express';
import type { Lang, TrackerState } from '../commands/ports.js';
import type { Logger } from '../logger.js';
import { buildPageModel } from './page-model.js';
import { html } from './page-html.js';
import { parsePageQuery } from './page-query.js';
import { renderStatusPage } from './page-render.js';
import { PAGE_CSS_HASH } from './styles.js';

/** How many of the latest changes the page lists. */
export const CHANGES_SHOWN = 20;

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

/**
 * The public status page at `/` (role web): the state read from the stores at each request, the query
 * (`lang`, `type`, `q`) applied on the server, so filtering works without JavaScript.
 */
export function mountStatusPage(app: Express, deps: StatusPageDeps): void {
  app.get('/', async (req, res) => {
    const query = parsePageQuery(req.query, deps.defaultLang);
    try {
      const { state } = deps;
      const [qualified, inProgress, sources, changes] = await Promise.all([state.qualified(), state.inProgress(), state.sources(), state.latestChanges(CHANGES_SHOWN)]);
      const model = buildPageModel({ qualified, inProgress, sources, changes, query, now: deps.clock(), timeZone: deps.timeZone });
      send(res, 200, query.lang, renderStatusPage(model));
    } catch (err) {
      deps.logger.error({ err: (err as Error).message }, 'status page: state unreadable');
      send(res, 503, query.lang, unavailable(query.lang));
    }
  });
}

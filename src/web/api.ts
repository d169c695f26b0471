/**
 * The machine-readable side of the web role: /api/offers, /api/offers.csv, /api/editions (and its diff), /api/providers,
 * /api/changes, /api/sources, /feed.atom and /calendar.ics, described by openapi/openapi.yaml. Handlers are thin: read the query (api-query.ts), read the stores,
 * map (api-records.ts, api-changes.ts, atom-changes.ts), send. Operator events never leave: they are
 * filtered out where the change log is read.
 *
 * Responses carry a weak ETag (express computes it from the body and answers 304 to a matching
 * If-None-Match), `Cache-Control: public, max-age=60` (the sources are polled every few hours: a minute of
 * staleness costs nothing and spares the store a crowd of feed readers), and `Access-Control-Allow-Origin: *`
 * (public, read-only data that a browser-based tool may fetch).
 */
import type { Express, Request, Response } from 'express';
import type { Lang, SourceStatus, TrackerState } from '../commands/ports.js';
import type { Logger } from '../logger.js';
import { isAddress, publicBase } from './api-base.js';
import { readChangesPage, type ChangeLogReader } from './api-changes.js';
import { calendarRoute, offersCsvRoute, type ExportDeps } from './api-exports.js';
import { editionsDiffRoute, editionsRoute } from './api-editions.js';
import { offersRoute } from './api-offers.js';
import { providerRoute, providersRoute } from './api-providers.js';
import { parseChangesQuery, parseFeedQuery, type ApiError } from './api-query.js';
import { isPublicEvent, toApiSource, type PublicEvent } from './api-records.js';
import { changesFeed, FEED_SIZE } from './atom-changes.js';
import { ATOM_CONTENT_TYPE, renderAtom } from './atom.js';
import { feedSubscription, latestMatching, parseFeedFilter, type FeedFilter, type LatestReader } from './feed-filter.js';

export interface ApiDeps extends ExportDeps {
  changeLog: ChangeLogReader & LatestReader;
  /** PUBLIC_URL, for absolute links; the request's host otherwise. */
  publicUrl?: string;
  logger: Logger;
}

const CACHE = 'public, max-age=60';
/**
 * Every answer carries text from sources (titles, names); a browser must take it as the type it is sent as,
 * never sniff a JSON, Atom, CSV or iCalendar body into HTML or script.
 */
const NOSNIFF = 'nosniff';

function send(res: Response, status: number, body: unknown): void {
  res.status(status).set('Cache-Control', status < 400 ? CACHE : 'no-store').json(body);
}

const fail = (res: Response, status: number, error: ApiError): void => send(res, status, error);

/**
 * When the feed began, for its `updated` while it has no entry: the first trusted poll of any source; before any,
 * the first poll attempted; before that (a tracker that never polled) the time of the request.
 */
function feedSince(sources: readonly SourceStatus[], now: Date): string {
  const earliest = (xs: Array<string | undefined>) => xs.filter((x): x is string => x !== undefined).sort()[0];
  return earliest(sources.map((s) => s.trustedSince)) ?? earliest(sources.map((s) => s.lastAttemptAt)) ?? now.toISOString();
}

export function mountApi(app: Express, deps: ApiDeps): void {
  const base = (req: Request): string => publicBase(deps.publicUrl, { protocol: req.protocol, host: req.get('host') });
  let suggested = false;
  /** Without PUBLIC_URL, a feed read at an address gets `localhost` ids: said once in the log, with the fix. */
  const feedBase = (req: Request): string => {
    const b = base(req);
    if (!deps.publicUrl && !suggested && isAddress(new URL(b).hostname)) {
      suggested = true;
      deps.logger.warn({ host: req.get('host') }, 'feed read at an address: its tag: ids use "localhost"; set PUBLIC_URL (e.g. https://tracker.example.org) so that ids and links name the public host');
    }
    return b;
  };

  /** Runs a handler; a fault (Redis gone) is logged with the route and answered 500 in JSON, never as a stack. */
  const route = (path: string, handler: (req: Request, res: Response) => Promise<void>): void => {
    app.get(path, (req, res) => {
      res.set({ 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': NOSNIFF });
      // Without PUBLIC_URL, links and feed ids come from the Host header: a shared cache must key on it.
      if (!deps.publicUrl) res.set('Vary', 'Host');
      handler(req, res).catch((err: unknown) => {
        deps.logger.error({ err: err instanceof Error ? err.message : String(err), path }, 'api: request failed');
        if (!res.headersSent) fail(res, 500, { error: 'internal', message: 'the tracker could not read its data; try again later' });
      });
    });
  };

  route('/api/offers', offersRoute(deps, fail, send));
  route('/api/editions', editionsRoute(deps, send));
  route('/api/editions/diff', editionsDiffRoute(deps, fail, send));
  route('/api/providers', providersRoute(deps, base, send));
  route('/api/providers/:slug', providerRoute(deps, base, fail, send));

  route('/api/changes', async (req, res) => {
    const q = parseChangesQuery(req.query);
    if (!q.ok) return fail(res, 400, q.error);
    const page = await readChangesPage(deps.changeLog, q.value);
    let next: string | undefined;
    if (page.more && page.cursor) {
      const params = new URLSearchParams({ ...(q.value.since ? { since: q.value.since } : {}), after: page.cursor, limit: String(q.value.limit) });
      next = `${base(req)}/api/changes?${params.toString()}`;
    }
    send(res, 200, { changes: page.changes, ...(page.cursor ? { cursor: page.cursor } : {}), ...(next ? { next } : {}) });
  });

  route('/api/sources', async (_req, res) => {
    send(res, 200, { sources: (await deps.state.sources()).map(toApiSource) });
  });

  /** The feed's events: the latest changes, or with filters the latest that a subscription with those filters receives. */
  const feedEvents = async (filter: FeedFilter | undefined): Promise<PublicEvent[]> => {
    if (!filter) return (await deps.state.latestChanges(FEED_SIZE)).filter(isPublicEvent);
    // Providers are spelled as `subscribe` spells them, which needs the known names only when a provider is asked.
    const known = filter.providers.length > 0 ? await Promise.all([deps.state.qualified(), deps.state.inProgress()]) : undefined;
    const sub = feedSubscription(filter, { qualified: known?.[0].offers ?? [], inProgress: known?.[1] ?? [] });
    return latestMatching(deps.changeLog, sub, FEED_SIZE);
  };

  route('/feed.atom', async (req, res) => {
    const q = parseFeedQuery(req.query, deps.defaultLang);
    if (!q.ok) return fail(res, 400, q.error);
    const filter = parseFeedFilter(req.query);
    if (!filter.ok) return fail(res, 400, filter.error);
    const [events, sources] = await Promise.all([feedEvents(filter.value), deps.state.sources()]);
    const ctx = { base: feedBase(req), lang: q.value.lang, defaultLang: deps.defaultLang, since: feedSince(sources, deps.clock()) };
    const feed = changesFeed(events, filter.value ? { ...ctx, filter: filter.value } : ctx);
    // No Last-Modified: `updated` comes from the workers' clocks, so a change stored later may carry an older date and
    // an If-Modified-Since reader would miss it; the ETag (of the body) is exact.
    res.status(200).set({ 'Content-Type': ATOM_CONTENT_TYPE, 'Cache-Control': CACHE });
    res.send(renderAtom(feed));
  });

  const answer = { fail, cache: CACHE, base };
  route('/api/offers.csv', offersCsvRoute(deps, answer));
  route('/calendar.ics', calendarRoute(deps, answer));

  // Anything else under /api is an unknown endpoint: a JSON 404 a script can read, not express's HTML page.
  app.use('/api', (req, res) => {
    res.set({ 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': NOSNIFF });
    fail(res, 404, { error: 'not_found', message: `no endpoint ${req.method} /api${req.path}; see openapi/openapi.yaml` });
  });
}

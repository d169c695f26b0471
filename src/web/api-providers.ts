/**
 * `/api/providers` (every provider the tracker knows, with its slug) and `/api/providers/{slug}` (its
 * qualifications in every list, its "en cours" entries and its timeline). A former name's slug answers 301 to the
 * current one, so a link kept from before a rename still leads to the provider.
 */
import type { Request, Response } from 'express';
import type { TrackerState } from '../commands/ports.js';
import { todayIn } from '../core/calendar.js';
import type { ApiError } from './api-query.js';
import { toApiListedOffer, toApiOffer } from './api-records.js';
import { readProviderData, storyOf, type HistoryReader } from './provider-data.js';

export interface ProvidersDeps {
  state: TrackerState;
  changeLog: HistoryReader;
  clock: () => Date;
  timeZone: string;
}

type Fail = (res: Response, status: number, error: ApiError) => void;
type Send = (res: Response, status: number, body: unknown) => void;

const SLUG = /^[a-z0-9-]{1,80}$/;

export function providersRoute(deps: ProvidersDeps, base: (req: Request) => string, send: Send) {
  return async (req: Request, res: Response): Promise<void> => {
    const data = await readProviderData(deps.state, deps.changeLog);
    const b = base(req);
    const providers = data.index.map((p) => ({ ...p, url: `${b}/providers/${p.slug}`, api: `${b}/api/providers/${p.slug}` }));
    send(res, 200, { count: providers.length, ...(data.trackedSince ? { trackedSince: data.trackedSince } : {}), providers });
  };
}

export function providerRoute(deps: ProvidersDeps, base: (req: Request) => string, fail: Fail, send: Send) {
  return async (req: Request, res: Response): Promise<void> => {
    const slug = String(req.params.slug ?? '');
    const notFound = (): void => fail(res, 404, { error: 'not_found', parameter: 'slug', message: `no provider ${slug}; see /api/providers` });
    if (!SLUG.test(slug)) return notFound();
    const data = await readProviderData(deps.state, deps.changeLog);
    const found = storyOf(data, slug, deps.timeZone);
    if (!found) return notFound();
    const { story } = found;
    if (found.redirect) {
      // No body: a script follows Location, and the answer stays as openapi.yaml describes it.
      res.status(301).set({ 'Cache-Control': 'public, max-age=60', Location: `${base(req)}/api/providers/${story.slug}` }).end();
      return;
    }
    const today = todayIn(deps.timeZone, deps.clock());
    send(res, 200, {
      slug: story.slug, name: story.name, formerNames: story.formerNames, url: `${base(req)}/providers/${story.slug}`, today,
      ...(story.trackedSince ? { trackedSince: story.trackedSince } : {}),
      ...(story.announced ? { announced: story.announced } : {}),
      qualifications: story.qualifications.map((o) => toApiListedOffer(o, today)),
      inProgress: story.inProgress.map(toApiOffer),
      timeline: story.steps,
    });
  };
}

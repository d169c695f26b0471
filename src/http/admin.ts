import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express, RequestHandler } from 'express';
import { basicAuth } from './basic-auth.js';

export const ADMIN_QUEUES_PATH = '/admin/queues';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host of an `Origin` header (the scheme is left out: behind a TLS proxy the browser says https, we see http). */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined; // "null" (a sandboxed frame, a file): not this origin
  }
}

/**
 * The dashboard's buttons change queues (retry, clean, add a job): a page on another site must not press them with
 * the operator's browser and its remembered password. A request that changes something must come from the
 * dashboard's own origin when a browser sends it (`Sec-Fetch-Site`, `Origin`: a browser always sends one of them on
 * such a request; curl, which sends neither, is no cross-site threat), and any body it carries must be JSON: a
 * cross-site form or `text/plain` fetch cannot send JSON without a CORS preflight, which is never granted here.
 */
export const sameOriginJsonOnly: RequestHandler = (req, res, next) => {
  // Framed by nobody: no clickjacking of the buttons either.
  res.set({ 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff' });
  if (SAFE_METHODS.has(req.method)) return next();
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  const crossSite = site !== undefined ? site !== 'same-origin' : origin !== undefined && hostOf(origin) !== req.get('host');
  if (crossSite) {
    res.status(403).type('text/plain').send('refused: a change to the queues must come from the dashboard itself (same origin)\n');
    return;
  }
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is('application/json')) {
    res.status(415).type('text/plain').send('refused: the body of a change to the queues must be JSON\n');
    return;
  }
  next();
};

/**
 * Bull Board, the queue dashboard, at /admin/queues behind basic auth: every queue of src/queues/names.ts, its
 * jobs, their data and errors, with retry and clean buttons. Loaded only when ADMIN_USER and ADMIN_PASSWORD are
 * set; otherwise nothing is mounted and the path is a 404. Changes need the same origin and JSON; it cannot be
 * framed; it does not say `X-Powered-By: Express` (its router is an express app of its own).
 */
export function mountQueueDashboard(app: Express, queues: readonly Queue[], credentials: { user: string; password: string }): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  const router = serverAdapter.getRouter() as Express;
  if (typeof router.disable === 'function') router.disable('x-powered-by');
  app.use(ADMIN_QUEUES_PATH, basicAuth({ ...credentials, realm: 'secnumcloud-tracker queues' }), sameOriginJsonOnly, router);
}

import type { ErrorRequestHandler, RequestHandler } from 'express';

/** How long any request may take before it is answered 503 (Redis not answering in time, most often). */
export const DEADLINE_MS = 5_000;
/** What a 503 tells clients and load balancers: try again after this many seconds. */
export const RETRY_AFTER_S = 5;

/**
 * Every route answers within `ms`: a handler still waiting then (its Redis commands queue while Redis restarts or
 * does not answer, since the connection retries forever) is pre-empted by a 503 with `Retry-After`, JSON under
 * /api and for the probes, text elsewhere. A response already streaming is left to finish. Mounted first.
 */
export function deadline(ms = DEADLINE_MS): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.status(503).set({ 'Retry-After': String(RETRY_AFTER_S), 'Cache-Control': 'no-store' });
      const message = `no answer within ${ms / 1000} s (the store is not answering); try again later`;
      if (req.path.startsWith('/api/') || req.path === '/readyz') res.json({ error: 'unavailable', message });
      else res.type('text/plain').send(`503 ${message}\n`);
    }, ms);
    timer.unref();
    const clear = (): void => clearTimeout(timer);
    res.once('finish', clear).once('close', clear);
    next();
  };
}

/**
 * Mounted last: a handler that finishes after its deadline answered cannot write any more (ERR_HTTP_HEADERS_SENT).
 * That is expected and not worth a log line, nor express's default of destroying the socket.
 */
export const lateWriteIgnored: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return;
  next(err);
};

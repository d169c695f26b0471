import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/** The user and password of an `Authorization: Basic …` header, or undefined when there is none or it is malformed. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Fixed-length digests, so that comparing them takes the same time whatever was typed and however long. */
const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * HTTP basic authentication against one user and password. Both are compared in constant time, and both always
 * (a wrong user takes as long as a wrong password); a refusal is a 401 with `WWW-Authenticate`, so a browser asks.
 * The credentials never reach a log: nothing here logs, and the Authorization header is not read anywhere else.
 */
export function basicAuth(opts: { user: string; password: string; realm: string }): RequestHandler {
  const want = { user: digest(opts.user), password: digest(opts.password) };
  return (req, res, next) => {
    const given = parseBasicAuth(req.headers.authorization);
    const userOk = timingSafeEqual(digest(given?.user ?? ''), want.user);
    const passwordOk = timingSafeEqual(digest(given?.password ?? ''), want.password);
    if (given && userOk && passwordOk) {
      next();
      return;
    }
    res.set('WWW-Authenticate', `Basic realm="${opts.realm}", charset="UTF-8"`).status(401).type('text/plain').send('authentication required\n');
  };
}

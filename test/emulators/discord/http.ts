/** The REST pipeline: decode, record, authenticate, apply faults and rate limits, route, answer with Discord's headers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiError, describe, serverError, type Answer, type Behaviour, type Faults } from './faults.js';
import type { RateLimiter } from './ratelimits.js';
import { match } from './routes.js';
import { sleep, type Clock } from './time.js';
import type { RecordedRequest, World } from './world.js';

const MAX_BODY = 1 << 20;

/** What the pipeline needs from the server. */
export interface RestDeps {
  w: World;
  faults: Faults;
  limiter: RateLimiter;
  clock: Clock;
  token: string;
  gatewayUrl: string;
  sessionsStarted(): number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes an answer: JSON (none for 204) with the given headers. */
export function write(res: ServerResponse, a: Answer, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  const text = a.status === 204 || a.body === undefined ? '' : JSON.stringify(a.body);
  res.writeHead(a.status, {
    ...(text === '' ? {} : { 'content-type': 'application/json' }),
    'content-length': Buffer.byteLength(text), via: '1.1 google', 'x-content-type-options': 'nosniff', ...headers, ...a.headers,
  });
  res.end(text);
}

const safeDecode = (s: string): string => {
  try { return decodeURIComponent(s); } catch { return s; }
};

const codeOf = (a: Answer): number | undefined =>
  typeof a.body === 'object' && a.body !== null && typeof (a.body as { code?: unknown }).code === 'number' ? (a.body as { code: number }).code : undefined;

/** Answers one request under `/api`. */
export async function serveRest(d: RestDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const raw = await readBody(req);
  const method = req.method ?? 'GET';
  const version = /^\/api\/v(\d+)(\/.*)?$/.exec(url.pathname);
  const path = version?.[2] ?? url.pathname.replace(/^\/api/, '');
  let body: unknown = raw;
  let badJson = false;
  if (raw !== '') {
    try { body = JSON.parse(raw) as unknown; } catch { badJson = true; }
  }
  const rec: RecordedRequest = {
    method, path: safeDecode(path), query: Object.fromEntries(url.searchParams), body, at: Date.now(),
    ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
  };
  d.w.requests.push(rec);
  const reply = (a: Answer, headers: Record<string, string> = {}): void => {
    rec.status = a.status;
    const code = codeOf(a);
    if (code !== undefined && a.status >= 400) rec.code = code;
    write(res, a, headers);
    d.w.changed();
  };
  if (!version) return reply({ status: 404, body: { message: '404: Not Found', code: 0 } });
  if (version[1] !== '10') return reply(apiError(50041));
  const found = match(method, path);
  if (found === 'method') return reply({ status: 405, body: { message: '405: Method Not Allowed', code: 0 } });
  if (!found) return reply({ status: 404, body: { message: '404: Not Found', code: 0 } });
  const { route, params } = found;
  rec.route = route.key;
  if (route.bot && req.headers.authorization !== `Bot ${d.token}`) return reply(apiError(0));
  if (badJson) return reply(apiError(50109));
  const major = route.major ? (params[route.major] ?? '') : '';
  /** Answers the fault part of a behaviour; false when it has none (a pure delay). */
  const fault = (b: Behaviour): boolean => {
    if (b.drop) {
      rec.status = 0;
      req.socket.destroy();
      d.w.changed();
      return true;
    }
    const bucket = d.limiter.bucketHeaders(route.key, major);
    if (b.status === 429) {
      const global = b.global === true;
      const retryAfter = b.retryAfter ?? d.clock.realSeconds(1000);
      reply(d.limiter.answer({ retryAfter, global, scope: b.scope ?? (global ? 'global' : 'user') }, bucket, b.retryAfter !== undefined));
    } else if (b.code !== undefined) reply(apiError(b.code), bucket);
    else if (b.status !== undefined) reply(serverError(b.status), bucket);
    else return false;
    return true;
  };
  const behaviour = d.faults.next(route.key);
  if (behaviour) rec.fault = describe(behaviour);
  if (behaviour && !behaviour.afterStore) {
    if (behaviour.delayMs) await sleep(behaviour.delayMs);
    if (fault(behaviour)) return;
  }
  const { headers, limited } = d.limiter.take(route.key, major, route.bot ? d.token : undefined);
  if (limited) return reply(d.limiter.answer(limited, headers));
  const answer = route.handle({ w: d.w, params, query: url.searchParams, body, gatewayUrl: d.gatewayUrl, sessionsStarted: d.sessionsStarted() });
  if (behaviour?.afterStore) {
    if (behaviour.delayMs) await sleep(behaviour.delayMs);
    if (fault(behaviour)) return;
  }
  reply(answer, headers);
}

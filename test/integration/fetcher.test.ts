import { createServer, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { createFetcher, FetchError, sha256Hex, type Fetcher, type FetcherOptions } from '../../src/sources/fetcher.js';
import { startFixtureServer, type FixtureServer, type Route, type RouteHandler } from '../support/http-fixture-server.js';

const USER_AGENT = 'secnumcloud-tracker/0.1.0 (test)';
const PDF = Buffer.from('%PDF-1.7\n% a catalogue edition\n%%EOF\n');
const LAST_MODIFIED = 'Fri, 05 Dec 2025 10:00:00 GMT';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

async function serve(routes: Record<string, Route>): Promise<FixtureServer> {
  const server = await startFixtureServer(routes);
  cleanups.push(() => server.close());
  return server;
}

function fetcher(options: Partial<FetcherOptions> = {}): Fetcher {
  const f = createFetcher({ userAgent: USER_AGENT, timeoutMs: 2_000, maxBytes: 1024 * 1024, maxRedirects: 3, ...options });
  cleanups.push(() => f.close());
  return f;
}

async function failureOf(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error('expected a FetchError, got a result');
}

/** A body of `total` bytes written as fast as the client reads it, counting what actually left. */
function largeBody(total: number, headers: OutgoingHttpHeaders = {}): { handler: RouteHandler; sent: () => number } {
  let sent = 0;
  const chunk = Buffer.alloc(16 * 1024, 0x61);
  const handler: RouteHandler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf', ...headers });
    const pump = (): void => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
  return { handler, sent: () => sent };
}

describe('fetcher: conditional requests and body hash', () => {
  test('a first fetch returns the body, ETag, Last-Modified, body hash, content type and final URL', async () => {
    const server = await serve({
      '/catalogue.pdf': { headers: { etag: '"v1"', 'last-modified': LAST_MODIFIED, 'content-type': 'application/pdf' }, body: PDF },
    });
    const outcome = await fetcher().fetch(`${server.url}/catalogue.pdf`);
    expect(outcome).toEqual({
      status: 'fetched',
      body: new Uint8Array(PDF),
      validators: { etag: '"v1"', lastModified: LAST_MODIFIED, bodyHash: sha256Hex(PDF) },
      contentType: 'application/pdf',
      finalUrl: `${server.url}/catalogue.pdf`,
    });
  });

  test('a refetch with the ETag gets a 304: not-modified (304), validators carried over and refreshed', async () => {
    const server = await serve({
      '/feed.xml': (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { etag: '"v1"', 'last-modified': LAST_MODIFIED }).end();
        else res.writeHead(200, { etag: '"v1"' }).end('<rss/>');
      },
    });
    const f = fetcher();
    const first = await f.fetch(`${server.url}/feed.xml`);
    expect(first.status).toBe('fetched');
    const second = await f.fetch(`${server.url}/feed.xml`, first.validators);
    expect(second).toEqual({
      status: 'not-modified',
      reason: '304',
      validators: { etag: '"v1"', lastModified: LAST_MODIFIED, bodyHash: sha256Hex(Buffer.from('<rss/>')) },
    });
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
  });

  test('with only Last-Modified, the refetch sends If-Modified-Since and a 304 is not-modified', async () => {
    const server = await serve({
      '/page': (req, res) => {
        if (req.headers['if-modified-since'] === LAST_MODIFIED) res.writeHead(304).end();
        else res.writeHead(200, { 'last-modified': LAST_MODIFIED }).end('<html></html>');
      },
    });
    const f = fetcher();
    const first = await f.fetch(`${server.url}/page`);
    expect(first.validators).toEqual({ lastModified: LAST_MODIFIED, bodyHash: sha256Hex(Buffer.from('<html></html>')) });
    const second = await f.fetch(`${server.url}/page`, first.validators);
    expect(second).toMatchObject({ status: 'not-modified', reason: '304', validators: first.validators });
    expect(server.requests[1]?.headers['if-none-match']).toBeUndefined();
  });

  test('a server without validators sending the same body again yields not-modified (same-hash)', async () => {
    const server = await serve({ '/catalogue.pdf': { body: PDF } });
    const f = fetcher();
    const first = await f.fetch(`${server.url}/catalogue.pdf`);
    expect(first.validators).toEqual({ bodyHash: sha256Hex(PDF) });
    const second = await f.fetch(`${server.url}/catalogue.pdf`, first.validators);
    expect(second).toEqual({ status: 'not-modified', reason: 'same-hash', validators: { bodyHash: sha256Hex(PDF) } });
    expect(server.requests[1]?.headers['if-none-match']).toBeUndefined();
    expect(server.requests[1]?.headers['if-modified-since']).toBeUndefined();
  });

  test('a server without validators sending a changed body yields fetched with the new hash', async () => {
    const server = await serve({ '/catalogue.pdf': { body: PDF } });
    const f = fetcher();
    const first = await f.fetch(`${server.url}/catalogue.pdf`);
    const edited = Buffer.concat([PDF, Buffer.from('% new edition\n')]);
    server.route('/catalogue.pdf', { body: edited });
    const second = await f.fetch(`${server.url}/catalogue.pdf`, first.validators);
    expect(second).toMatchObject({ status: 'fetched', body: new Uint8Array(edited), validators: { bodyHash: sha256Hex(edited) } });
  });
});

describe('fetcher: deadline', () => {
  test('a server that never answers fails transiently once timeoutMs has passed', async () => {
    const server = await serve({ '/hang': () => undefined });
    const started = performance.now();
    const err = await failureOf(fetcher({ timeoutMs: 300 }).fetch(`${server.url}/hang`));
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(err).toMatchObject({ transient: true, message: `GET ${server.url}/hang: timed out after 300 ms` });
    expect(await server.requests[0]?.completion).toBe('aborted');
  });

  test('a body dripping past timeoutMs is aborted, transiently, though each chunk comes in time', async () => {
    const server = await serve({
      '/drip': (_req, res) => {
        res.writeHead(200).flushHeaders();
        const timer = setInterval(() => res.write('x'), 50);
        res.once('close', () => clearInterval(timer));
      },
    });
    const started = performance.now();
    const err = await failureOf(fetcher({ timeoutMs: 300 }).fetch(`${server.url}/drip`));
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(err).toMatchObject({ transient: true, message: `GET ${server.url}/drip: timed out after 300 ms` });
    expect(await server.requests[0]?.completion).toBe('aborted');
  });
});

describe('fetcher: size cap', () => {
  const maxBytes = 64 * 1024;
  const total = 64 * 1024 * 1024;

  test('a Content-Length over maxBytes is refused permanently and the body is not read', async () => {
    const body = largeBody(total, { 'content-length': total });
    const server = await serve({ '/huge.pdf': body.handler });
    const err = await failureOf(fetcher({ maxBytes }).fetch(`${server.url}/huge.pdf`));
    expect(err).toMatchObject({ transient: false, status: 200 });
    expect(err.message).toBe(`GET ${server.url}/huge.pdf: response too large (Content-Length ${total} > ${maxBytes} bytes)`);
    expect(await server.requests[0]?.completion).toBe('aborted');
    expect(body.sent()).toBeLessThan(total);
  });

  test('a chunked body growing past maxBytes is cut off: permanent error, connection closed early', async () => {
    const body = largeBody(total);
    const server = await serve({ '/endless': body.handler });
    const err = await failureOf(fetcher({ maxBytes }).fetch(`${server.url}/endless`));
    expect(err).toMatchObject({ transient: false });
    expect(err.message).toMatch(/: response too large \(body over 65536 bytes\)$/);
    expect(await server.requests[0]?.completion).toBe('aborted');
    expect(body.sent()).toBeLessThan(total);
  });

  test('a gzip body small on the wire but over maxBytes once decoded is refused permanently', async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    const server = await serve({ '/bomb': { headers: { 'content-encoding': 'gzip' }, body: bomb } });
    const err = await failureOf(fetcher({ maxBytes }).fetch(`${server.url}/bomb`));
    expect(err).toMatchObject({ transient: false, message: `GET ${server.url}/bomb: response too large (decoded body over ${maxBytes} bytes)` });
  });
});

describe('fetcher: redirects and URLs', () => {
  test('a redirect chain within maxRedirects is followed, relative Locations resolved, final URL reported', async () => {
    const server = await serve({
      '/old/catalogue.pdf': (_req, res) => res.writeHead(301, { location: `${server.url}/moved/here` }).end(),
      '/moved/here': { status: 302, headers: { location: 'there' } },
      '/moved/there': { status: 307, headers: { location: '/final.pdf?v=2' } },
      '/final.pdf': { body: PDF },
    });
    const outcome = await fetcher({ maxRedirects: 3 }).fetch(`${server.url}/old/catalogue.pdf`);
    expect(outcome).toMatchObject({ status: 'fetched', body: new Uint8Array(PDF), finalUrl: `${server.url}/final.pdf?v=2` });
    expect(server.requests.map((r) => r.url)).toEqual(['/old/catalogue.pdf', '/moved/here', '/moved/there', '/final.pdf?v=2']);
  });

  test('one redirect more than maxRedirects fails permanently', async () => {
    const server = await serve({ '/loop': { status: 308, headers: { location: '/loop' } } });
    const err = await failureOf(fetcher({ maxRedirects: 2 }).fetch(`${server.url}/loop`));
    expect(err).toMatchObject({ transient: false, status: 308, message: `GET ${server.url}/loop: more than 2 redirects` });
    expect(server.requests).toHaveLength(3);
  });

  test('a redirect to a non-http URL is refused permanently', async () => {
    const server = await serve({ '/to-ftp': { status: 302, headers: { location: 'ftp://127.0.0.1/catalogue.pdf' } } });
    const err = await failureOf(fetcher().fetch(`${server.url}/to-ftp`));
    expect(err).toMatchObject({ transient: false, message: `GET ${server.url}/to-ftp: unsupported protocol ftp: in ftp://127.0.0.1/catalogue.pdf` });
  });

  test.each(['file:///etc/passwd', 'data:,hello', 'not a url'])('%s is refused permanently', async (url) => {
    const err = await failureOf(fetcher().fetch(url));
    expect(err).toMatchObject({ name: 'FetchError', transient: false, url });
    expect(err.message.startsWith(`GET ${url}: `)).toBe(true);
  });
});

describe('fetcher: HTTP and network failures', () => {
  test('a 404 fails permanently, the message one line naming the URL and the status', async () => {
    const server = await serve({});
    const err = await failureOf(fetcher().fetch(`${server.url}/catalogue.pdf`));
    expect(err).toMatchObject({ name: 'FetchError', transient: false, status: 404, url: `${server.url}/catalogue.pdf` });
    expect(err.message).toBe(`GET ${server.url}/catalogue.pdf: HTTP 404`);
    expect(err.retryAfterMs).toBeUndefined();
  });

  test.each([
    { status: 500, retryAfter: undefined, expected: undefined },
    { status: 408, retryAfter: undefined, expected: undefined },
    { status: 503, retryAfter: '120', expected: 120_000 },
  ])('a $status fails transiently, retryAfterMs $expected', async ({ status, retryAfter, expected }) => {
    const server = await serve({ '/x': { status, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter }, body: 'busy' } });
    const err = await failureOf(fetcher().fetch(`${server.url}/x`));
    expect(err).toMatchObject({ transient: true, status, message: `GET ${server.url}/x: HTTP ${status}` });
    expect(err.retryAfterMs).toBe(expected);
  });

  test('a 429 with an HTTP-date Retry-After fails transiently with retryAfterMs until that date', async () => {
    const server = await serve({ '/x': { status: 429, headers: { 'retry-after': new Date(Date.now() + 30_000).toUTCString() } } });
    const err = await failureOf(fetcher().fetch(`${server.url}/x`));
    expect(err).toMatchObject({ transient: true, status: 429 });
    expect(err.retryAfterMs).toBeGreaterThan(25_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  test('a refused connection fails transiently', async () => {
    const gone = await startFixtureServer();
    await gone.close();
    const err = await failureOf(fetcher().fetch(`${gone.url}/catalogue.pdf`));
    expect(err).toMatchObject({ transient: true, url: `${gone.url}/catalogue.pdf` });
    expect(err.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/catalogue\.pdf: .*ECONNREFUSED/);
    expect(err.message).not.toContain('\n');
  });
});

describe('fetcher: headers and content encodings', () => {
  test('the server receives the User-Agent, Accept */* and the encodings the fetcher decodes', async () => {
    const server = await serve({ '/': { body: 'ok' } });
    await fetcher().fetch(`${server.url}/`);
    expect(server.requests[0]?.headers).toMatchObject({ 'user-agent': USER_AGENT, accept: '*/*', 'accept-encoding': 'gzip, deflate, br' });
  });

  const text = Buffer.from('<rss><item>SecNumCloud</item></rss>'.repeat(50));
  test.each([
    { encoding: 'gzip', encoded: gzipSync(text) },
    { encoding: 'deflate', encoded: deflateSync(text) },
    { encoding: 'deflate', encoded: deflateRawSync(text), note: '(raw)' },
    { encoding: 'br', encoded: brotliCompressSync(text) },
  ])('a $encoding $note body is decoded, and hashed as decoded', async ({ encoding, encoded }) => {
    const server = await serve({ '/feed.xml': { headers: { 'content-encoding': encoding }, body: encoded } });
    const outcome = await fetcher().fetch(`${server.url}/feed.xml`);
    expect(outcome).toMatchObject({ status: 'fetched', body: new Uint8Array(text), validators: { bodyHash: sha256Hex(text) } });
  });

  test('a body in an unknown Content-Encoding fails permanently, naming the coding', async () => {
    const server = await serve({ '/z': { headers: { 'content-encoding': 'zstd' }, body: 'x' } });
    const err = await failureOf(fetcher().fetch(`${server.url}/z`));
    expect(err).toMatchObject({ transient: false, message: `GET ${server.url}/z: unsupported Content-Encoding zstd` });
  });
});

describe('fetcher: lifecycle', () => {
  test('close() can be called twice, and a fetch after it fails transiently without sending a request', async () => {
    const server = await serve({ '/': { body: 'ok' } });
    const f = createFetcher({ userAgent: USER_AGENT, timeoutMs: 2_000, maxBytes: 1024, maxRedirects: 0 });
    await f.fetch(`${server.url}/`);
    await f.close();
    await f.close();
    const err = await failureOf(f.fetch(`${server.url}/`));
    expect(err).toMatchObject({ transient: true, message: `GET ${server.url}/: fetcher is closed` });
    expect(server.requests).toHaveLength(1);
  });
});

/** A forward proxy for plain http: takes absolute-form requests, records them, forwards them. */
async function startForwardProxy(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const proxy = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = httpRequest(req.url ?? '', { method: req.method, headers: req.headers, agent: false }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  proxy.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => (proxy.close(() => resolve()), proxy.closeAllConnections())));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, seen };
}

describe('fetcher: proxy', () => {
  test('with httpProxy set, a plain-http request goes through the proxy in absolute form', async () => {
    const server = await serve({ '/catalogue.pdf': { body: PDF } });
    const proxy = await startForwardProxy();
    const outcome = await fetcher({ proxy: { httpProxy: proxy.url } }).fetch(`${server.url}/catalogue.pdf`);
    expect(outcome).toMatchObject({ status: 'fetched', body: new Uint8Array(PDF) });
    expect(proxy.seen).toEqual([`GET ${server.url}/catalogue.pdf`]);
    expect(server.requests[0]?.headers['user-agent']).toBe(USER_AGENT);
  });

  test('a host listed in noProxy bypasses the proxy while other hosts still go through it', async () => {
    const server = await serve({ '/catalogue.pdf': { body: PDF } });
    const proxy = await startForwardProxy();
    const f = fetcher({ proxy: { httpProxy: proxy.url, noProxy: 'localhost, .internal.example' } });
    const direct = await f.fetch(`http://localhost:${server.port}/catalogue.pdf`);
    expect(direct).toMatchObject({ status: 'fetched', finalUrl: `http://localhost:${server.port}/catalogue.pdf` });
    await f.fetch(`http://127.0.0.1:${server.port}/catalogue.pdf`);
    expect(proxy.seen).toEqual([`GET http://127.0.0.1:${server.port}/catalogue.pdf`]);
    expect(server.requests.map((r) => r.headers.host)).toEqual([`localhost:${server.port}`, `127.0.0.1:${server.port}`]);
  });
});

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A route answered by code: write the response as you like (stream, drip, never answer…); a returned promise is awaited, its rejection answered with a 500. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** A route answered with fixed data; Content-Length is set by Node unless `headers` say otherwise. */
export interface StaticResponse {
  status?: number;
  headers?: Record<string, string | number | string[]>;
  body?: string | Uint8Array;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type Route = RouteHandler | StaticResponse;

/** What the server saw of one request. */
export interface RecordedRequest {
  method: string;
  /** The request target as sent: a path and query (or an absolute URL, from a proxy). */
  url: string;
  headers: IncomingHttpHeaders;
  /** 'finished' when the whole response was handed to the socket, 'aborted' when the connection closed first. */
  completion: Promise<'finished' | 'aborted'>;
}

export interface FixtureServer {
  /** The base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Adds a route or switches an existing one's response, effective from the next request. */
  route(path: string, route: Route): void;
  /** The requests whose path (query ignored) is `path`. */
  requestsTo(path: string): RecordedRequest[];
  /** Stops listening and destroys open connections, so it never waits for a client's keep-alive. */
  close(): Promise<void>;
}

export interface FixtureServerOptions {
  /** Default 127.0.0.1: tests never leave the loopback. */
  host?: string;
}

/**
 * A local HTTP server for integration tests: routes by exact path (the query is ignored, 404 otherwise),
 * records every request, and closes promptly. Listens on an ephemeral port.
 */
export async function startFixtureServer(
  routes: Record<string, Route> = {},
  { host = '127.0.0.1' }: FixtureServerOptions = {},
): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const completion = new Promise<'finished' | 'aborted'>((resolve) => {
      res.once('close', () => resolve(res.writableFinished ? 'finished' : 'aborted'));
    });
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, completion });
    const route = table.get(pathOf(req.url));
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    } else if (typeof route === 'function') {
      Promise.resolve()
        .then(() => route(req, res))
        .catch(() => (res.headersSent ? res.destroy() : res.writeHead(500).end('handler failed')));
    } else if (route.delayMs !== undefined) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(res, route);
      }, route.delayMs);
      timers.add(timer);
    } else {
      answer(res, route);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests,
    route: (path, route) => void table.set(path, route),
    requestsTo: (path) => requests.filter((r) => pathOf(r.url) === path),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function answer(res: ServerResponse, { status = 200, headers = {}, body }: StaticResponse): void {
  if (res.destroyed) return;
  res.writeHead(status, headers);
  res.end(body);
}

function pathOf(target: string | undefined): string {
  return new URL(target ?? '/', 'http://fixture.invalid').pathname;
}

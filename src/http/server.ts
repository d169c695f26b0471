import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from '../logger.js';
import { deadline, lateWriteIgnored } from './deadline.js';
import { listenError } from './listen-error.js';

/** The process's one HTTP server: /healthz here; Slack's endpoint, the operations endpoints (ops.ts) and the status page mounted. */
export interface HttpServer {
  url: string;
  port: number;
  app: Express;
  close(): Promise<void>;
}

export interface HttpServerOptions {
  /** HTTP_PORT (0 picks a free port) and HTTP_HOST. */
  port: number;
  host?: string;
  /** The variable a "port taken" error names (HTTP_PORT, OPS_PORT). */
  portVariable?: string;
  /** Names the listener in the log: `<name> server listening` (default `http`). */
  name?: string;
  logger: Logger;
  mount?: (app: Express) => void;
  /**
   * Why this process is not alive, or undefined when it is: /healthz then answers 503. Only what the process owns
   * counts (its embedded redis-server): a Redis it merely connects to (REDIS_URL) is /readyz's business, or every
   * replica would be restarted for one shared outage.
   */
  liveness?: () => string | undefined;
  /** Every request's deadline (default 5 s). */
  deadlineMs?: number;
}

/**
 * Starts the one HTTP listener of the process on HTTP_PORT (0 picks a free port). Everything that serves
 * HTTP (Bolt's receiver included) is mounted into `app` by `mount`, never started as a second listener.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(deadline(opts.deadlineMs));
  app.get('/healthz', (_req, res) => {
    const down = opts.liveness?.();
    if (down) res.status(503).set('Retry-After', '5').json({ status: 'unavailable', reason: down });
    else res.json({ status: 'ok' });
  });
  opts.mount?.(app);
  app.use(lateWriteIgnored);
  const server: Server = createServer(app);
  const host = opts.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, host, opts.port, opts.portVariable ?? 'HTTP_PORT')));
    server.listen(opts.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  opts.logger.info({ host, url }, `${opts.name ?? 'http'} server listening`);
  return {
    url,
    port,
    app,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from '../logger.js';

/** The process's one HTTP server: /healthz here; Slack's endpoint, the operations endpoints (ops.ts) and the status page mounted. */
export interface HttpServer {
  url: string;
  port: number;
  app: Express;
  close(): Promise<void>;
}

/**
 * Starts the one HTTP listener of the process on HTTP_PORT (0 picks a free port). Everything that serves
 * HTTP (Bolt's receiver included) is mounted into `app` by `mount`, never started as a second listener.
 */
export async function startHttpServer(opts: { port: number; host?: string; logger: Logger; mount?: (app: Express) => void }): Promise<HttpServer> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  opts.mount?.(app);
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  opts.logger.info({ url }, 'http server listening');
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

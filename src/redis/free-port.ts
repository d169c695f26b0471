import { createServer } from 'node:net';

/**
 * A loopback TCP port that was free a moment ago: the kernel picks an ephemeral one for port 0, we close
 * the listener and hand the number on. Another process may take it in between, so whoever binds it must be
 * ready to ask again.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

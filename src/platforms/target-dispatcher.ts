import type { lookup } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { checkAddress, guardedLookup } from './target-address.js';

/**
 * The dispatcher of deliveries to a URL a user gave (webhooks, Teams; shared by those platforms, so not in their
 * folders): every connection checks the address it goes to (a name through
 * guardedLookup, an IP literal before connecting, and the socket's peer once connected), unless `allowPrivate`.
 * `resolve` replaces the system resolver (tests). No proxy: through one, the proxy would resolve the name and the check would mean nothing.
 * undici's `request` follows no redirect (it has no redirect interceptor here): a 3xx is an answer, and refused.
 */
export function webhookDispatcher(opts: { allowPrivate: boolean; connectTimeoutMs: number; resolve?: typeof lookup }): Agent {
  const connector = buildConnector({ timeout: opts.connectTimeoutMs, lookup: guardedLookup(opts.allowPrivate, opts.resolve) } as buildConnector.BuildOptions);
  return new Agent({
    connect: (options, callback) => {
      const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
      try {
        if (isIP(host) !== 0) checkAddress(host, opts.allowPrivate);
      } catch (err) {
        return callback(err as Error, null);
      }
      connector(options, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no socket'), null);
        try {
          checkAddress(socket.remoteAddress ?? '', opts.allowPrivate);
        } catch (refused) {
          socket.destroy();
          return callback(refused as Error, null);
        }
        callback(null, socket);
      });
    },
  });
}

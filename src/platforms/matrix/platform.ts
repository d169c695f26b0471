import { ProxyAgent } from 'undici';
import type { PlatformModule } from '../platform.js';
import { bypassesProxy } from '../proxy.js';
import { createMatrixSender } from './sender.js';

/** Matrix (Tchap): on with MATRIX_HOMESERVER_URL and MATRIX_ACCESS_TOKEN (a bot account); rooms are added with `subscriptions add matrix`. */
export const matrixPlatform: PlatformModule = {
  name: 'matrix',
  configured: (c) => Boolean(c.MATRIX_HOMESERVER_URL && c.MATRIX_ACCESS_TOKEN),
  sender({ config: c }) {
    const homeserver = c.MATRIX_HOMESERVER_URL ?? '';
    const proxied = c.HTTPS_PROXY && !bypassesProxy(new URL(homeserver).hostname, c.NO_PROXY);
    return createMatrixSender({
      homeserver,
      accessToken: c.MATRIX_ACCESS_TOKEN ?? '',
      rateScale: c.DELIVERY_RATE_SCALE,
      ...(c.PUBLIC_URL ? { publicUrl: c.PUBLIC_URL } : {}),
      ...(proxied && c.HTTPS_PROXY ? { dispatcher: new ProxyAgent(c.HTTPS_PROXY) } : {}),
    });
  },
};

import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { displayUrl, FetchError } from './fetch-errors.js';

/** Proxies for the fetcher; an unset field means none (the environment is never consulted here). */
export interface ProxyOptions {
  httpProxy?: string;
  /** Falls back to httpProxy when unset (undici's rule). */
  httpsProxy?: string;
  /** NO_PROXY syntax: comma- or space-separated hosts, `.domain` or `*.domain`, `host:port`, or `*`. */
  noProxy?: string;
}

/** One dispatcher per fetcher: a plain pool, or undici's proxy agent that applies NO_PROXY per request. */
export function createDispatcher(proxy: ProxyOptions | undefined, timeoutMs: number): Dispatcher {
  const timeouts = { connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  if (proxy === undefined) return new Agent(timeouts);
  // Empty strings rather than undefined: EnvHttpProxyAgent reads process.env for an undefined field,
  // and src/config.ts is the only reader of the environment.
  // proxyTunnel false: a plain-http request goes to the proxy in absolute form, as classic forward
  // proxies expect (Squid's default refuses CONNECT to port 80); https still tunnels through CONNECT.
  return new EnvHttpProxyAgent({
    ...timeouts,
    httpProxy: proxy.httpProxy ?? '',
    httpsProxy: proxy.httpsProxy ?? '',
    noProxy: proxy.noProxy ?? '',
    proxyTunnel: false,
  });
}

/** `location` resolved against `base`, refused (permanently) unless it is an http: or https: URL. */
export function parseHttpUrl(location: string, where: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(location, base);
  } catch {
    throw new FetchError(where, `invalid URL ${JSON.stringify(location)}`, { transient: false });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(where, `unsupported protocol ${url.protocol} in ${displayUrl(url)}`, { transient: false });
  }
  return url;
}

/** If-None-Match and If-Modified-Since from what the previous fetch saw. */
export function conditionalHeaders(previous: { etag?: string; lastModified?: string } | undefined): Record<string, string> {
  const h: Record<string, string> = {};
  if (previous?.etag !== undefined) h['if-none-match'] = previous.etag;
  if (previous?.lastModified !== undefined) h['if-modified-since'] = previous.lastModified;
  return h;
}

/** A response header's value (the first, when repeated). */
export function headerOf(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** ETag and Last-Modified of a response, the fields absent when the server sent none. */
export function responseValidators(headers: Dispatcher.ResponseData['headers']): { etag?: string; lastModified?: string } {
  const etag = headerOf(headers, 'etag');
  const lastModified = headerOf(headers, 'last-modified');
  return { ...(etag === undefined ? {} : { etag }), ...(lastModified === undefined ? {} : { lastModified }) };
}

/** Bytes of an unwanted body (a redirect's, an error page) read so the connection can be reused. */
const DISCARD_LIMIT = 64 * 1024;

/** Drains a little of an unwanted body to keep the connection, or drops the connection past that. */
export async function discard(body: Dispatcher.ResponseData['body']): Promise<void> {
  await body.dump({ limit: DISCARD_LIMIT }).catch(() => undefined);
}

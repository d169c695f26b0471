import type { Dispatcher } from 'undici';
import { ContentEncodingError, decodeBody, readCapped, sha256Hex, TooLargeError } from './fetch-body.js';
import { displayUrl, FetchError, httpStatusError, isTimeout, networkError } from './fetch-errors.js';
import { conditionalHeaders, createDispatcher, discard, headerOf, parseHttpUrl, responseValidators, type ProxyOptions } from './fetch-http.js';

export { FetchError, parseRetryAfter } from './fetch-errors.js';
export { sha256Hex } from './fetch-body.js';
export type { ProxyOptions } from './fetch-http.js';

/** What a previous fetch of the same URL left behind, to make the next one conditional. */
export interface Validators {
  etag?: string;
  lastModified?: string;
  /** Hex SHA-256 of the decoded body: the fallback for servers that send neither ETag nor Last-Modified. */
  bodyHash?: string;
}

/**
 * `not-modified`: the caller must not parse again; `'304'` when the server said so, `'same-hash'` when it
 * sent the body anyway and the body hashes as before. `validators` are the ones to keep for next time.
 * `fetched`: the decoded body (Content-Encoding undone), `finalUrl` after redirects.
 */
export type FetchOutcome =
  | { status: 'not-modified'; reason: '304' | 'same-hash'; validators: Validators }
  | { status: 'fetched'; body: Uint8Array; validators: Validators; contentType?: string; finalUrl: string };

export interface FetcherOptions {
  /** Names the project, e.g. 'secnumcloud-tracker/0.1.0'. */
  userAgent: string;
  /** Deadline for one fetch() call as a whole: connect, headers and body of every redirect hop. */
  timeoutMs: number;
  /** Cap on the body, both as sent (Content-Length or streamed bytes) and once decompressed. */
  maxBytes: number;
  maxRedirects: number;
  /** Passed explicitly: the fetcher never reads process.env. Without it, connections are direct. */
  proxy?: ProxyOptions;
}

/**
 * The network edge of every source: one GET, made conditional by `previous`, bounded in time and size,
 * redirects (301, 302, 303, 307, 308) followed by hand, http: and https: only. Failures are FetchErrors
 * (see `transient`). It does not retry, parse, add jitter or store validators: the poll worker does.
 * close() waits for the requests in flight, then releases the connections; fetch() after it fails.
 */
export interface Fetcher {
  fetch(url: string, previous?: Validators): Promise<FetchOutcome>;
  close(): Promise<void>;
  /** Cuts short every request in flight with a transient FetchError whose `aborted` is true (for shutdown). */
  abortInFlight(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Creates a fetcher holding one connection pool (or proxy agent) until close(). */
export function createFetcher(options: FetcherOptions): Fetcher {
  const { timeoutMs, maxBytes, maxRedirects } = options;
  if (!(timeoutMs > 0 && maxBytes > 0 && maxRedirects >= 0 && options.userAgent !== '')) {
    throw new TypeError('createFetcher: userAgent, timeoutMs > 0, maxBytes > 0 and maxRedirects >= 0 are required');
  }
  const dispatcher = createDispatcher(options.proxy, timeoutMs);
  // We decode these ourselves (undici's request() does not); compression matters for feeds and pages.
  const headers = { 'user-agent': options.userAgent, accept: '*/*', 'accept-encoding': 'gzip, deflate, br' };
  let closing: Promise<void> | undefined;
  const inFlight = new Set<AbortController>();
  let aborting = false;

  async function fetchUntilDone(url: string, previous: Validators | undefined, signal: AbortSignal): Promise<FetchOutcome> {
    const conditional = conditionalHeaders(previous);
    let current = parseHttpUrl(url, url);
    for (let hop = 0; ; hop++) {
      const where = displayUrl(current);
      let res: Dispatcher.ResponseData;
      try {
        res = await dispatcher.request({
          origin: current.origin,
          path: `${current.pathname}${current.search}`,
          method: 'GET',
          headers: { ...headers, ...conditional },
          signal,
          // Per request too: undici's absolute-form proxy client does not inherit the agent's timeouts.
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
      } catch (err) {
        throw failure(where, err, signal);
      }
      const { statusCode: status, body } = res;
      const header = (name: string): string | undefined => headerOf(res.headers, name);
      if (REDIRECTS.has(status)) {
        await discard(body);
        const location = header('location');
        if (location === undefined) throw new FetchError(where, `HTTP ${status} without Location`, { transient: false, status });
        if (hop >= maxRedirects) throw new FetchError(where, `more than ${maxRedirects} redirects`, { transient: false, status });
        current = parseHttpUrl(location, where, current);
        continue;
      }
      if (status === 304) {
        await discard(body);
        if (previous === undefined || Object.keys(conditional).length === 0) {
          throw new FetchError(where, 'HTTP 304 to an unconditional request', { transient: false, status });
        }
        return { status: 'not-modified', reason: '304', validators: { ...previous, ...responseValidators(res.headers) } };
      }
      if (status < 200 || status > 299) {
        await discard(body);
        throw httpStatusError(where, status, header('retry-after'));
      }
      const declared = Number(header('content-length'));
      if (declared > maxBytes) {
        body.destroy(); // not dump(): that would read what we refuse
        throw new FetchError(where, `response too large (Content-Length ${declared} > ${maxBytes} bytes)`, { transient: false, status });
      }
      let bytes: Buffer;
      try {
        bytes = await decodeBody(await readCapped(body, maxBytes), header('content-encoding'), maxBytes);
      } catch (err) {
        throw failure(where, err, signal, status);
      }
      const validators = { ...responseValidators(res.headers), bodyHash: sha256Hex(bytes) };
      if (previous?.bodyHash === validators.bodyHash) return { status: 'not-modified', reason: 'same-hash', validators };
      const contentType = header('content-type');
      // A copy, not a view: a small Buffer may sit in Node's shared pool, which pdfjs could detach.
      const fetched = { body: new Uint8Array(bytes), validators, finalUrl: current.href };
      return { status: 'fetched', ...fetched, ...(contentType === undefined ? {} : { contentType }) };
    }
  }

  /** Classifies what a request or a body read threw; our deadline first, since its abort surfaces anywhere. */
  function failure(where: string, err: unknown, signal: AbortSignal, status?: number): FetchError {
    if (aborting && signal.aborted) return new FetchError(where, 'aborted: the tracker is stopping', { transient: true, aborted: true });
    if (signal.aborted || isTimeout(err)) return new FetchError(where, `timed out after ${timeoutMs} ms`, { transient: true, cause: err });
    if (err instanceof TooLargeError) return new FetchError(where, `response too large (${err.message})`, { transient: false, status });
    if (err instanceof ContentEncodingError) return new FetchError(where, err.message, { transient: false, status });
    return networkError(where, err);
  }

  return {
    async fetch(url, previous) {
      if (closing !== undefined) throw new FetchError(url, 'fetcher is closed', { transient: true });
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      inFlight.add(controller);
      try {
        return await fetchUntilDone(url, previous, controller.signal);
      } finally {
        inFlight.delete(controller);
        clearTimeout(timer);
      }
    },
    close() {
      closing ??= dispatcher.close();
      return closing;
    },
    abortInFlight() {
      aborting = true;
      for (const controller of inFlight) controller.abort(new Error('the tracker is stopping'));
    },
  };
}

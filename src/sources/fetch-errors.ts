/**
 * A fetch that did not yield a document. `transient` decides the poll job's fate: a transient failure
 * (network fault, timeout, 5xx, 408, 429) is worth retrying soon; a permanent one (other 4xx, a response
 * over the size cap, too many redirects, a URL that is not http(s)) will fail the same way until someone
 * changes the source or the server, so retrying now only adds load. The message is one line,
 * `GET <url>: <cause>`, never a stack; `url` is the request that failed (a redirect hop, maybe).
 */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  readonly transient: boolean;
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  readonly url: string;
  /** From Retry-After (seconds or an HTTP date) on a 429 or 503, when the server gave one. */
  readonly retryAfterMs?: number;
  /** The request was cut short by abortInFlight() (the process is stopping), not by the server. */
  readonly aborted: boolean;

  constructor(
    url: string,
    cause: string,
    details: { transient: boolean; status?: number; retryAfterMs?: number; cause?: unknown; aborted?: boolean },
  ) {
    super(`GET ${url}: ${cause}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.url = url;
    this.transient = details.transient;
    this.aborted = details.aborted ?? false;
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

/** Statuses that say "not now" rather than "never": request timeout and rate limiting. */
const TRANSIENT_4XX = new Set([408, 429]);

/** The error for a final response whose status is not a success, a 304 or a redirect. */
export function httpStatusError(url: string, status: number, retryAfter: string | undefined): FetchError {
  const transient = status >= 500 || TRANSIENT_4XX.has(status);
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(retryAfter, Date.now()) : undefined;
  return new FetchError(url, `HTTP ${status}`, { transient, status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP date (a past date gives 0). */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Failures that say something about the request or the peer's identity, not about the moment: retrying
 * will not help. NXDOMAIN (ENOTFOUND) is here, unlike EAI_AGAIN (the resolver could not answer now).
 */
const PERMANENT_CODES = new Set([
  'ENOTFOUND',
  'ERR_INVALID_URL',
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/**
 * A thrown network or protocol error as a FetchError. Anything not known to be permanent counts as
 * transient (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EAI_AGAIN, undici's socket and timeout errors…): a
 * fault at the network edge that we cannot name is more often a blip than a verdict.
 */
export function networkError(url: string, err: unknown): FetchError {
  if (err instanceof FetchError) return err;
  const code = errorCode(err);
  const text = firstLine(err instanceof Error && err.message !== '' ? err.message : String(code ?? err));
  const cause = code === undefined || text.includes(code) ? text : `${text} (${code})`;
  return new FetchError(url, cause, { transient: code === undefined || !PERMANENT_CODES.has(code), cause: err });
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Whether undici's own timeouts (the fetcher's backstop under its own deadline) ended the request. */
export function isTimeout(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && TIMEOUT_CODES.has(code);
}

/** The error code of an error, its cause or, for an AggregateError (happy eyeballs), its first error. */
function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, cause, errors } = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  if (Array.isArray(errors) && errors.length > 0) return errorCode(errors[0]);
  return cause === undefined ? undefined : errorCode(cause);
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0]!.trim();
}

/** The URL as it may appear in logs: without credentials. */
export function displayUrl(url: URL | string): string {
  const u = new URL(url);
  if (u.username === '' && u.password === '') return u.href;
  u.username = '';
  u.password = '';
  return u.href;
}

/**
 * The address the public reaches the tracker at, for the absolute links of the feed and the API. Pure.
 *
 * PUBLIC_URL when set (behind a reverse proxy the request's own host is often an internal name); else the
 * scheme and Host of the request, which is right for a direct connection and harmless otherwise: it only
 * shapes the answer to the client that sent it.
 */

const FALLBACK = 'http://localhost';

/** `https://tracker.example.org/snc` (no trailing slash), from PUBLIC_URL or the request. */
export function publicBase(publicUrl: string | undefined, req: { protocol: string; host: string | undefined }): string {
  const candidate = publicUrl ?? `${req.protocol}://${req.host ?? 'localhost'}`;
  try {
    const u = new URL(candidate);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return FALLBACK;
    return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
  } catch {
    return FALLBACK;
  }
}

/** Whether a host is an address (IPv4 or an IPv6 literal) rather than a DNS name. */
export function isAddress(host: string): boolean {
  return /^\[.*\]$/.test(host) || host.includes(':') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/**
 * The authority of the feed's tag: URIs (RFC 4151): the host name of the base, without port, so ids stay the
 * same whatever port the server listens on. A tag's authority is a DNS name: a host that is an address
 * (127.0.0.1, 10.0.0.5, an IPv6 literal) or not a name at all falls back to `localhost`, so that reaching one
 * server by two of its addresses does not give the same entries two ids. Set PUBLIC_URL for ids that never depend
 * on the request.
 */
export function tagAuthority(base: string): string {
  const host = new URL(base).hostname.toLowerCase();
  return !isAddress(host) && /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(host) ? host : 'localhost';
}

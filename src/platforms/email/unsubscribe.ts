import { createHmac, timingSafeEqual } from 'node:crypto';

/** Bound into every token, so that a token made with the same key for another purpose never unsubscribes anyone. */
const PURPOSE = 'secnumcloud-tracker/email-unsubscribe/v1';

/**
 * The token of a target's unsubscribe link: HMAC-SHA256 of the target's name under MAIL_UNSUBSCRIBE_SECRET,
 * base64url. Without the key it cannot be made for another target (or guessed); it names the target, never the
 * address, and stays valid as long as the key does (rotating the key voids every link already sent).
 */
export function unsubscribeToken(secret: string, target: string): string {
  return createHmac('sha256', secret).update(`${PURPOSE}\n${target}`).digest('base64url');
}

/** Whether `token` is the target's, compared in constant time. */
export function verifyUnsubscribeToken(secret: string, target: string, token: string): boolean {
  const want = Buffer.from(unsubscribeToken(secret, target));
  const got = Buffer.from(token);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** The path the web role serves (GET: a confirmation page; POST: unsubscribes, RFC 8058 one-click included). */
export const UNSUBSCRIBE_PATH = '/email/unsubscribe';

/** The link of a target, under PUBLIC_URL (its path kept: a reverse proxy may serve the tracker under a prefix). */
export function unsubscribeUrl(publicUrl: string, secret: string, target: string): string {
  const url = new URL(publicUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${UNSUBSCRIBE_PATH}`;
  url.search = '';
  url.hash = '';
  url.searchParams.set('target', target);
  url.searchParams.set('token', unsubscribeToken(secret, target));
  return url.toString();
}

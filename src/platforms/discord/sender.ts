import { DiscordAPIError, HTTPError, RateLimitError, type REST } from '@discordjs/rest';
import { Routes, type APIEmbed, type RESTPostAPIChannelMessageJSONBody, type RESTPostAPIChannelMessageResult } from 'discord-api-types/v10';
import { alertReply } from '../../commands/alert.js';
import { DeliveryError, type Sender } from '../../core/delivery.js';
import { sha256 } from '../../core/snapshot.js';
import { toDiscord } from './format.js';
import { discordBuckets } from './limits.js';

/**
 * Errors that mean the channel is gone or closed to the bot: its subscriptions are disabled and the operators
 * told. 50013 Missing Permissions is one of them: the bot can no longer post there (Send Messages or Embed Links
 * was taken away), nothing we retry will change that, and it is what Slack's `not_in_channel` is to Slack.
 */
const CHANNEL_GONE = new Map<number, string>([
  [10003, 'unknown channel'],
  [10004, 'unknown guild'],
  [50001, 'missing access'],
  [50013, 'missing permissions'],
  [50008, 'not a text channel'],
  [50083, 'thread archived'],
  [160005, 'thread locked'],
]);

/**
 * The nonce of a delivery: the same for every attempt, in every process. Discord allows 25 characters and the
 * delivery id has 26, so it is 'd' + 24 hex of its hash (never all digits, which Discord could read as a number).
 */
export const discordNonce = (deliveryId: string): string => `d${sha256(deliveryId).slice(0, 24)}`;

/** An error from @discordjs/rest (or the network under it) → what the drain should do about it. */
export function classify(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof RateLimitError) {
    const global = err.global || err.scope === 'global';
    const retryAfterMs = Math.ceil(err.retryAfter > 0 ? err.retryAfter : err.timeToReset > 0 ? err.timeToReset : 1_000);
    return new DeliveryError(`discord: rate limited${global ? ' (global)' : ''}, retry after ${retryAfterMs} ms`, 'rate-limited', { retryAfterMs, global, code: 'rate_limited' });
  }
  if (err instanceof DiscordAPIError) {
    const code = String(err.code);
    const gone = CHANNEL_GONE.get(Number(err.code));
    if (gone) return new DeliveryError(`discord: ${gone} (${code})`, 'permanent', { channelGone: true, code });
    // 408 aside, a 4xx refuses this very request (401/40001 the token, 50035 the body…): sending it again changes nothing.
    if (err.status === 408) return new DeliveryError(`discord: HTTP 408 (${code})`, 'transient', { code });
    return new DeliveryError(`discord: HTTP ${err.status} (${code}) ${err.message}`, 'permanent', { code });
  }
  if (err instanceof HTTPError) return new DeliveryError(`discord: HTTP ${err.status}`, 'transient', { code: `http_${err.status}` });
  const e = err as Error & { code?: unknown };
  // After a 401, @discordjs/rest drops the token: later calls fail before any request, as the 401 did.
  if (e.message?.startsWith('Expected token to be set')) return new DeliveryError('discord: no valid token', 'permanent', { code: 'unauthorized' });
  // Network errors (ECONNRESET, ECONNREFUSED…) and timeouts (AbortError): the message may or may not have been stored.
  return new DeliveryError(`discord: ${e.name ?? 'Error'}: ${e.message ?? String(err)}`, 'transient', typeof e.code === 'string' ? { code: e.code } : {});
}

/** What a reader sees of a message, as Discord stores it (it trims text and adds defaults such as `type`). */
function seen(m: { content?: string; embeds?: readonly APIEmbed[] }): string {
  const t = (v: string | undefined): string => (v ?? '').trim();
  return JSON.stringify([t(m.content), (m.embeds ?? []).map((e) => [t(e.title), t(e.description), t(e.url), t(e.footer?.text), (e.fields ?? []).map((f) => [t(f.name), t(f.value)])])]);
}

/**
 * Posts alerts to a channel: one message (a one-line content and an embed), no mention ever allowed, and a
 * nonce derived from the delivery id with `enforce_nonce`, so that Discord itself returns the message already
 * created instead of posting it twice. An attempt after one that ended in doubt is therefore just sent again.
 * Discord answers a known nonce with the earlier message whatever this body says: a message that is not this one
 * (another member set under the nonce) is not taken as delivered, it is a transient `nonce_conflict`.
 * What this leaves out: Discord remembers nonces for a few minutes only; the drain retries within seconds, but
 * a send in doubt followed by an outage longer than that window could be posted twice.
 */
export function createDiscordSender(rest: REST, opts: { rateScale?: number; publicUrl?: string } = {}): Sender {
  const scale = opts.rateScale ?? 1;
  return {
    platform: 'discord',
    buckets: (channel) => discordBuckets(channel, scale),
    async send(channel, item, lang) {
      const message = toDiscord(alertReply(item, lang, opts.publicUrl ? { publicUrl: opts.publicUrl } : {}));
      const body = { ...message, nonce: discordNonce(item.deliveryId), enforce_nonce: true } satisfies RESTPostAPIChannelMessageJSONBody;
      try {
        const res = (await rest.post(Routes.channelMessages(channel.channel), { body })) as RESTPostAPIChannelMessageResult;
        if (seen(res) !== seen(message)) {
          throw new DeliveryError(`discord: nonce ${body.nonce} was answered with message ${res.id}, which is not this delivery's (an earlier message under the same nonce)`, 'transient', { code: 'nonce_conflict' });
        }
        return res.id;
      } catch (err) {
        throw classify(err);
      }
    },
  };
}

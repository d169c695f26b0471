import type { WebClient } from '@slack/web-api';
import { alertReply } from '../../commands/alert.js';
import { DeliveryError, type SendItem, type Sender } from '../../core/delivery.js';
import type { ChannelRef } from '../../core/subscriptions.js';
import { toSlack } from './format.js';
import { slackBuckets } from './limits.js';

/** The metadata event type our messages carry, with the delivery id: how an in-doubt send is found again. */
export const DELIVERY_EVENT_TYPE = 'secnumcloud_delivery';

/** Errors that mean the channel is gone or closed to the bot: its subscriptions are disabled. */
const CHANNEL_GONE = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'channel_is_archived', 'restricted_action', 'team_access_not_granted']);
/** Errors that no retry will fix (the token, the app, the message itself). */
const PERMANENT = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'missing_scope', 'invalid_blocks', 'msg_too_long', 'no_text', 'invalid_metadata_format', 'ekm_access_denied']);

type SlackError = Error & { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number };

/** A WebClient error → what the drain should do about it. */
export function classify(err: unknown): DeliveryError {
  const e = err as SlackError;
  if (e.code === 'slack_webapi_rate_limited_error') {
    return new DeliveryError(`slack: rate limited (retry after ${e.retryAfter ?? 1}s)`, 'rate-limited', { retryAfterMs: (e.retryAfter ?? 1) * 1000 });
  }
  if (e.code === 'slack_webapi_platform_error') {
    const code = e.data?.error ?? 'unknown_error';
    if (CHANNEL_GONE.has(code)) return new DeliveryError(`slack: ${code}`, 'permanent', { channelGone: true, code });
    if (PERMANENT.has(code)) return new DeliveryError(`slack: ${code}`, 'permanent', { code });
    return new DeliveryError(`slack: ${code}`, 'transient', { code });
  }
  if (e.code === 'slack_webapi_http_error') return new DeliveryError(`slack: HTTP ${e.statusCode ?? '?'}`, 'transient');
  return new DeliveryError(`slack: ${e.message}`, 'transient');
}

/**
 * Posts alerts with chat.postMessage: Block Kit with a plain-text fallback, no unfurling, and the delivery id
 * in the message metadata. Before sending again after an attempt that ended in doubt, it looks for that
 * delivery id in the channel's recent history, so a message that was stored is not posted twice.
 */
export function createSlackSender(client: WebClient, opts: { historyLimit?: number; rateScale?: number; publicUrl?: string } = {}): Sender {
  const scale = opts.rateScale ?? 1;
  const findPosted = async (channel: string, deliveryId: string): Promise<string | undefined> => {
    const history = await client.conversations.history({ channel, limit: opts.historyLimit ?? 50, include_all_metadata: true });
    const found = history.messages?.find((m) => {
      const meta = (m as { metadata?: { event_type?: string; event_payload?: { delivery_id?: string } } }).metadata;
      return meta?.event_type === DELIVERY_EVENT_TYPE && meta.event_payload?.delivery_id === deliveryId;
    });
    return found?.ts;
  };
  return {
    platform: 'slack',
    buckets: (channel) => slackBuckets(channel, scale),
    async send(channel: ChannelRef, item: SendItem, lang, attempt) {
      try {
        if (attempt > 1) {
          const ts = await findPosted(channel.channel, item.deliveryId);
          if (ts) return ts;
        }
        const message = toSlack(alertReply(item, lang, opts.publicUrl ? { publicUrl: opts.publicUrl } : {}));
        const res = await client.chat.postMessage({
          channel: channel.channel,
          text: message.text,
          blocks: message.blocks as never,
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { delivery_id: item.deliveryId } },
        });
        return res.ts ?? '';
      } catch (err) {
        throw err instanceof DeliveryError ? err : classify(err);
      }
    },
  };
}

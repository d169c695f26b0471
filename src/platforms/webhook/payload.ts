import { alertReply } from '../../commands/alert.js';
import type { Lang } from '../../commands/ports.js';
import type { Notice, SendItem } from '../../core/delivery.js';
import type { ChangeEvent } from '../../core/events.js';

export const WEBHOOK_FORMAT = 'secnumcloud-tracker/webhook';
/** The payload's version: bumped on any change a receiver could notice, documented in docs/webhooks.md. */
export const WEBHOOK_VERSION = 1;

type Entry = { deliveryId: string; summary: string } & ({ event: ChangeEvent } | { notice: Notice });

/**
 * The body of one delivery (docs/webhook-v1.schema.json): one item, or the items of a digest, each with its own
 * delivery id and a one-line summary in the channel's language. Nothing in it depends on the attempt, so every
 * retry posts the same bytes under the same `deliveryId` (the idempotency key).
 */
export interface WebhookPayload {
  format: typeof WEBHOOK_FORMAT;
  version: typeof WEBHOOK_VERSION;
  deliveryId: string;
  /** The target's name (the subscription's channel). */
  target: string;
  lang: Lang;
  items: Entry[];
}

export function toWebhookPayload(target: string, item: SendItem, lang: Lang): WebhookPayload {
  const one = (i: Exclude<SendItem, { digest: unknown }>): Entry => {
    const summary = alertReply(i, lang).summary;
    return 'event' in i ? { deliveryId: i.deliveryId, summary, event: i.event } : { deliveryId: i.deliveryId, summary, notice: i.notice };
  };
  const items = 'digest' in item ? item.digest.map(one) : [one(item)];
  return { format: WEBHOOK_FORMAT, version: WEBHOOK_VERSION, deliveryId: item.deliveryId, target, lang, items };
}

import { createTargetStore } from '../../store/target-store.js';
import type { PlatformModule } from '../platform.js';
import { webhookDispatcher } from '../target-dispatcher.js';
import { createWebhookSender } from './sender.js';

/** Webhooks: on with WEBHOOKS_ENABLED; targets are added with `subscriptions add webhook`; no operators' channel. */
export const webhookPlatform: PlatformModule = {
  name: 'webhook',
  configured: (c) => c.WEBHOOKS_ENABLED,
  sender: ({ config: c, redis, keys }) =>
    createWebhookSender({
      targets: createTargetStore(redis, keys),
      dispatcher: webhookDispatcher({ allowPrivate: c.WEBHOOK_ALLOW_PRIVATE, connectTimeoutMs: c.WEBHOOK_TIMEOUT_MS }),
      timeoutMs: c.WEBHOOK_TIMEOUT_MS,
      rateScale: c.DELIVERY_RATE_SCALE,
    }),
};

import { createTargetStore } from '../../store/target-store.js';
import type { PlatformModule } from '../platform.js';
import { webhookDispatcher } from '../webhook/dispatcher.js';
import { createTeamsSender } from './sender.js';

/**
 * Microsoft Teams: on with TEAMS_ENABLED; each target is a channel's incoming-webhook or Workflows URL, added with
 * `subscriptions add teams --url`. Its URL goes through the webhooks' address check (WEBHOOK_ALLOW_PRIVATE,
 * WEBHOOK_TIMEOUT_MS): it is a webhook, with Teams' body. No operators' channel.
 */
export const teamsPlatform: PlatformModule = {
  name: 'teams',
  configured: (c) => c.TEAMS_ENABLED,
  sender: ({ config: c, redis, keys }) =>
    createTeamsSender({
      targets: createTargetStore(redis, keys),
      dispatcher: webhookDispatcher({ allowPrivate: c.WEBHOOK_ALLOW_PRIVATE, connectTimeoutMs: c.WEBHOOK_TIMEOUT_MS }),
      timeoutMs: c.WEBHOOK_TIMEOUT_MS,
      rateScale: c.DELIVERY_RATE_SCALE,
      ...(c.PUBLIC_URL ? { publicUrl: c.PUBLIC_URL } : {}),
    }),
};

import { mailDomain } from '../../config.js';
import { createTargetStore } from '../../store/target-store.js';
import type { PlatformModule } from '../platform.js';
import { createEmailSender } from './sender.js';
import { emailTransport } from './transport.js';

/**
 * E-mail: on with SMTP_URL or SMTP_HOST, and MAIL_FROM; addresses are added with `subscriptions add email`
 * (docs/email.md). No operators' channel. Unsubscribe links need PUBLIC_URL and MAIL_UNSUBSCRIBE_SECRET.
 */
export const emailPlatform: PlatformModule = {
  name: 'email',
  configured: (c) => Boolean((c.SMTP_URL || c.SMTP_HOST) && c.MAIL_FROM),
  sender: ({ config: c, redis, keys }) =>
    createEmailSender({
      targets: createTargetStore(redis, keys),
      transport: emailTransport(c),
      from: c.MAIL_FROM ?? '',
      domain: mailDomain(c.MAIL_FROM ?? '') ?? 'localhost',
      rateScale: c.DELIVERY_RATE_SCALE,
      ...(c.PUBLIC_URL ? { publicUrl: c.PUBLIC_URL } : {}),
      ...(c.PUBLIC_URL && c.MAIL_UNSUBSCRIBE_SECRET ? { unsubscribe: { publicUrl: c.PUBLIC_URL, secret: c.MAIL_UNSUBSCRIBE_SECRET } } : {}),
    }),
};

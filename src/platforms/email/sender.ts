import type { Transporter } from 'nodemailer';
import { DeliveryError, type Sender } from '../../core/delivery.js';
import { isEmailTarget } from '../../core/targets.js';
import type { TargetStore } from '../../store/target-store.js';
import { USER_AGENT } from '../../version.js';
import { toEmail } from './format.js';
import { emailBuckets } from './limits.js';
import { unsubscribeUrl } from './unsubscribe.js';

export interface EmailSenderOptions {
  targets: TargetStore;
  /** nodemailer's SMTP transport (emailTransport), or any transporter with the same sendMail. */
  transport: Pick<Transporter, 'sendMail'>;
  /** MAIL_FROM. */
  from: string;
  /** The right-hand side of every Message-ID: MAIL_FROM's domain. */
  domain: string;
  /** PUBLIC_URL: alerts link the provider's page. */
  publicUrl?: string;
  /** With PUBLIC_URL and MAIL_UNSUBSCRIBE_SECRET: each message carries its target's unsubscribe link and headers. */
  unsubscribe?: { publicUrl: string; secret: string };
  rateScale?: number;
}

/**
 * The Message-ID of a delivery: the same at every attempt, in every process (it derives from the delivery id, or the
 * digest's, frozen at its first attempt), so that a message sent twice after an attempt in doubt can be recognised
 * as one by the receiving server and by mail clients.
 */
export const emailMessageId = (deliveryId: string, domain: string): string => `<${deliveryId}.secnumcloud-tracker@${domain}>`;

/**
 * An SMTP error → the drain's decision. Messages name the SMTP code and nodemailer's error code only: the server's
 * own text often quotes the recipient's address, which must not reach a log or a delivery record.
 */
export function classifySmtpError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as { code?: unknown; responseCode?: unknown; name?: unknown };
  const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'Error';
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (status !== undefined && status >= 500 && status < 600) {
    // Refused at RCPT (no such mailbox, domain unknown): the address is gone; its subscriptions are disabled.
    if (code === 'EENVELOPE') return new DeliveryError(`email: SMTP ${status} for the recipient (${code})`, 'permanent', { channelGone: true, code: `smtp_${status}` });
    // Refused for good otherwise (the message itself): this delivery fails, the target stays.
    if (code !== 'EAUTH') return new DeliveryError(`email: SMTP ${status} (${code})`, 'permanent', { code: `smtp_${status}` });
  }
  // 4xx (greylisting, "slow down", mailbox busy), a failed login (the configuration is fixed, then it goes on),
  // a connection reset or timeout (in doubt: the same message, with the same Message-ID, is sent again).
  return new DeliveryError(`email: ${status !== undefined ? `SMTP ${status} ` : ''}(${code})`, 'transient', { code: status !== undefined ? `smtp_${status}` : code });
}

/**
 * Sends each delivery as one e-mail (multipart/alternative: plain text and HTML) to the target's address, read from
 * the target store at each send (never carried by a job). At least once: an attempt in doubt (the connection lost
 * after the message's data, before the server's answer) is sent again, with the same Message-ID. A target in
 * `daily` or `weekly` mode holds its alerts for its scheduled digest (`holds`).
 */
export function createEmailSender(opts: EmailSenderOptions): Sender {
  const scale = opts.rateScale ?? 1;
  return {
    platform: 'email',
    buckets: (channel) => emailBuckets(channel, scale),
    async holds(channel) {
      const target = await opts.targets.get(channel);
      return isEmailTarget(target) && target.digest !== 'immediate';
    },
    async send(channel, item, lang) {
      const target = await opts.targets.get(channel);
      if (!isEmailTarget(target)) throw new DeliveryError('email: no address stored for this target', 'permanent', { channelGone: true, code: 'no_target' });
      const link = opts.unsubscribe ? unsubscribeUrl(opts.unsubscribe.publicUrl, opts.unsubscribe.secret, channel.channel) : undefined;
      const content = toEmail(item, lang, { mode: target.digest, ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}), ...(link ? { unsubscribeUrl: link } : {}) });
      const messageId = emailMessageId(item.deliveryId, opts.domain);
      try {
        await opts.transport.sendMail({
          from: opts.from,
          to: target.address,
          subject: content.subject,
          text: content.text,
          html: content.html,
          messageId,
          headers: {
            'Auto-Submitted': 'auto-generated',
            'X-Mailer': USER_AGENT,
            ...(link ? { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
          },
        });
      } catch (err) {
        throw classifySmtpError(err);
      }
      return messageId;
    },
  };
}

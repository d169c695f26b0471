import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.js';

/**
 * nodemailer's SMTP transport from the configuration: SMTP_URL, or SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER and
 * SMTP_PASS. One connection per message (no pool: a server restarted between two digests costs nothing), timeouts
 * from SMTP_TIMEOUT_MS, and nodemailer's own logger off (it would print recipients).
 */
export function emailTransport(c: Config): Transporter {
  const timeouts = { connectionTimeout: c.SMTP_TIMEOUT_MS, greetingTimeout: c.SMTP_TIMEOUT_MS, socketTimeout: c.SMTP_TIMEOUT_MS, logger: false, debug: false };
  if (c.SMTP_URL) return nodemailer.createTransport({ url: c.SMTP_URL, ...timeouts });
  return nodemailer.createTransport({
    host: c.SMTP_HOST ?? 'localhost',
    port: c.SMTP_PORT,
    secure: c.SMTP_SECURE,
    ...(c.SMTP_USER && c.SMTP_PASS ? { auth: { user: c.SMTP_USER, pass: c.SMTP_PASS } } : {}),
    ...timeouts,
  });
}

import { z } from 'zod';

/**
 * A URL target's credentials: where it is (the URL often holds a token) and, for a webhook, the key its deliveries
 * are signed with (a Teams URL is its own credential: no key).
 */
export const webhookTargetSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  secret: z.string().min(16).max(200).optional(),
});
export type WebhookTarget = z.infer<typeof webhookTargetSchema>;

/** When an e-mail target receives its alerts: at once, or gathered in one message a day or a week (TZ_REFERENCE). */
export const DIGEST_MODES = ['immediate', 'daily', 'weekly'] as const;
export type DigestMode = (typeof DIGEST_MODES)[number];

/**
 * An e-mail target: its address (personal data, kept here only: decision 0028) and its digest mode. The address is
 * compared in lower case (`subscriptions erase --address` finds it however it was typed).
 */
export const emailTargetSchema = z.strictObject({
  address: z.email().max(254),
  digest: z.enum(DIGEST_MODES),
});
export type EmailTarget = z.infer<typeof emailTargetSchema>;

/** What the target store keeps for a target: a URL target's credentials (webhook, Teams), or an e-mail address and its digest mode. */
export const targetSchema = z.union([webhookTargetSchema, emailTargetSchema]);
export type Target = z.infer<typeof targetSchema>;

export const isEmailTarget = (t: Target | undefined): t is EmailTarget => t !== undefined && 'address' in t;
export const isWebhookTarget = (t: Target | undefined): t is WebhookTarget => t !== undefined && 'url' in t;

/**
 * What a plain export writes in place of a target's credentials or address (`--with-secrets` writes them): an
 * e-mail address is not a credential but it is personal data, left out of a file that may be shared (decision 0028).
 */
export const OMITTED_SECRETS = { secrets: 'omitted' } as const;

import { z } from 'zod';

/**
 * A target's credentials: where it is (the URL often holds a token) and, for a webhook, the key its deliveries are
 * signed with (a Teams URL is its own credential: no key).
 */
export const targetSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  secret: z.string().min(16).max(200).optional(),
});
export type Target = z.infer<typeof targetSchema>;

/** What a plain export writes in place of a target's credentials (`--with-secrets` writes them). */
export const OMITTED_SECRETS = { secrets: 'omitted' } as const;

import { z } from 'zod';
import { PLATFORMS } from '../core/platforms.js';

/** A poll job: which source to poll. Parsed at the worker's edge; anything else is unrecoverable. */
export const pollJobSchema = z.object({ sourceId: z.string().regex(/^[a-z0-9-]+$/) });
export type PollJob = z.infer<typeof pollJobSchema>;

/** A maintenance job: the daily expiry reminders, or the e-mail digests of a period (decision 0028). */
export const maintenanceJobSchema = z.union([
  z.object({ task: z.literal('expiry') }),
  z.object({ task: z.literal('email-digest'), period: z.enum(['daily', 'weekly']) }),
]);
export type MaintenanceJob = z.infer<typeof maintenanceJobSchema>;

/** A drain job: which channel's outbox to post. */
export const notifyJobSchema = z.object({
  channel: z.object({ platform: z.enum(PLATFORMS), workspace: z.string().min(1), channel: z.string().min(1) }),
});
export type NotifyJob = z.infer<typeof notifyJobSchema>;

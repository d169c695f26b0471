import { z } from 'zod';

/** A poll job: which source to poll. Parsed at the worker's edge; anything else is unrecoverable. */
export const pollJobSchema = z.object({ sourceId: z.string().regex(/^[a-z0-9-]+$/) });
export type PollJob = z.infer<typeof pollJobSchema>;

/** A maintenance job: today, only the daily expiry reminders. */
export const maintenanceJobSchema = z.object({ task: z.literal('expiry') });
export type MaintenanceJob = z.infer<typeof maintenanceJobSchema>;

/** Queue names: a contract between the scheduler, the workers and the dashboard. */
export const QUEUES = {
  poll: 'poll',
  /** Daily jobs that read the stored state rather than a source: expiry reminders. */
  maintenance: 'maintenance',
} as const;

/** Job scheduler id of the daily expiry reminders. */
export const EXPIRY_SCHEDULER_ID = 'expiry-daily';

/** Job scheduler ids of poll schedules: one per source. */
export const pollSchedulerId = (sourceId: string): string => `poll-${sourceId}`;
export const POLL_SCHEDULER_PREFIX = 'poll-';

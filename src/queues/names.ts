/** Queue names: a contract between the scheduler, the workers and the dashboard. */
export const QUEUES = {
  poll: 'poll',
} as const;

/** Job scheduler ids of poll schedules: one per source. */
export const pollSchedulerId = (sourceId: string): string => `poll-${sourceId}`;
export const POLL_SCHEDULER_PREFIX = 'poll-';

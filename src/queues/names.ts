/** Queue names: a contract between the scheduler, the workers and the dashboard. */
export const QUEUES = {
  poll: 'poll',
  /** Daily jobs that read the stored state rather than a source: expiry reminders. */
  maintenance: 'maintenance',
  /** Drain jobs: one at a time per channel, posting its outbox in order. */
  notify: 'notify',
} as const;

/** Job scheduler id of the daily expiry reminders. */
export const EXPIRY_SCHEDULER_ID = 'expiry-daily';

/** Job scheduler ids of poll schedules: one per source. */
export const pollSchedulerId = (sourceId: string): string => `poll-${sourceId}`;
export const POLL_SCHEDULER_PREFIX = 'poll-';

/** The job id of a channel's drain: `d-` + a hash of the channel + the drain's generation (no ':', never all digits). */
export const drainJobId = (channelHash: string, generation: number): string => `d-${channelHash}-${generation}`;

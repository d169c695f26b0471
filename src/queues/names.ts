import { PLATFORMS, type Platform } from '../core/subscriptions.js';

/** Queue names: a contract between the scheduler, the workers and the dashboard. */
export const QUEUES = {
  poll: 'poll',
  /** Daily jobs that read the stored state rather than a source: expiry reminders. */
  maintenance: 'maintenance',
} as const;

/**
 * Drain jobs of one platform (`notify-slack`, `notify-discord`, …), one at a time per channel, posting its outbox in
 * order. One queue per platform: a platform's pause after a global 429, or its slow channels, never hold another back.
 */
export const notifyQueueName = (platform: Platform): string => `notify-${platform}`;

/** The one drain queue of every platform before the per-platform queues (decision 0010): drains found waiting there are moved at start. */
export const LEGACY_NOTIFY_QUEUE = 'notify';

/** Every queue the tracker uses, for the dashboard and /metrics. */
export const ALL_QUEUES: readonly string[] = [QUEUES.poll, QUEUES.maintenance, ...PLATFORMS.map(notifyQueueName)];

/** Job scheduler id of the daily expiry reminders. */
export const EXPIRY_SCHEDULER_ID = 'expiry-daily';

/** Job scheduler ids of the e-mail digests (daily, weekly): they release what e-mail targets in that mode hold. */
export const emailDigestSchedulerId = (period: 'daily' | 'weekly'): string => `email-digest-${period}`;

/**
 * The job id of the drain a digest releases: the channel's hash and the outbox's due mark (a stream id, whose `-` is
 * kept): a digest job run twice adds it once.
 */
export const digestDrainJobId = (channelHash: string, due: string): string => `d-${channelHash}-due-${due}`;

/** Job scheduler ids of poll schedules: one per source. */
export const pollSchedulerId = (sourceId: string): string => `poll-${sourceId}`;
export const POLL_SCHEDULER_PREFIX = 'poll-';

/** The job id of a channel's drain: `d-` + a hash of the channel + the drain's generation (no ':', never all digits). */
export const drainJobId = (channelHash: string, generation: number): string => `d-${channelHash}-${generation}`;

import { Queue, type JobType } from 'bullmq';
import type { Redis } from 'ioredis';
import { PLATFORMS, type Platform } from '../../src/core/subscriptions.js';
import { notifyQueueName } from '../../src/queues/names.js';
import type { NotifyJob } from '../../src/queues/payloads.js';

/** Every platform's drain queue under a key prefix, as tests and benchmarks look at them. */
export interface NotifyQueueSet {
  queues: Record<Platform, Queue<NotifyJob>>;
  /** Job counts by state, summed over the platforms' queues. */
  counts(...states: JobType[]): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export function openNotifyQueues(connection: Redis, prefix: string): NotifyQueueSet {
  const queues = Object.fromEntries(PLATFORMS.map((p) => [p, new Queue<NotifyJob>(notifyQueueName(p), { connection, prefix })])) as Record<Platform, Queue<NotifyJob>>;
  return {
    queues,
    async counts(...states) {
      const sum: Record<string, number> = {};
      for (const q of Object.values(queues)) {
        for (const [state, n] of Object.entries(await q.getJobCounts(...states))) sum[state] = (sum[state] ?? 0) + n;
      }
      return sum;
    },
    close: async () => void (await Promise.all(Object.values(queues).map((q) => q.close()))),
  };
}

/** Runs `fn` with the queues open, closing them after. */
export async function withNotifyQueues<T>(connection: Redis, prefix: string, fn: (set: NotifyQueueSet) => Promise<T>): Promise<T> {
  const set = openNotifyQueues(connection, prefix);
  try {
    return await fn(set);
  } finally {
    await set.close();
  }
}

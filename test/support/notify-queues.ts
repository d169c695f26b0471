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
  /** Resolves once no job waits, runs or is delayed on any platform (every `pollMs`); throws with what is left after `timeoutMs`. */
  settled(opts?: { pollMs?: number; timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

const PENDING: JobType[] = ['wait', 'active', 'delayed', 'prioritized'];

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
    async settled({ pollMs = 25, timeoutMs = 10_000 } = {}) {
      for (let waited = 0; waited < timeoutMs; waited += pollMs) {
        if (Object.values(await this.counts(...PENDING)).every((c) => c === 0)) return;
        await new Promise((r) => setTimeout(r, pollMs));
      }
      const delayed = (await Promise.all(Object.values(queues).map((q) => q.getJobs(['delayed'])))).flat().map((j) => ({ id: j.id, data: j.data, attempts: j.attemptsMade, failed: j.failedReason }));
      throw new Error(`deliveries did not settle: ${JSON.stringify(await this.counts(...PENDING))} ${JSON.stringify(delayed)}`);
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

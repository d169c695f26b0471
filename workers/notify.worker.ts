import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { sha256 } from '../src/core/snapshot.js';
import { channelKey, PLATFORMS, type Platform } from '../src/core/subscriptions.js';
import { drainJobId, notifyQueueName } from '../src/queues/names.js';
import { notifyJobSchema, type NotifyJob } from '../src/queues/payloads.js';
import { closeWorker } from './close-worker.js';
import { drainChannel, type NotifyDeps } from './drain.js';
import { drainBackoff, DRAIN_JOB_OPTIONS } from './fanout.worker.js';

/** How long a channel whose drain failed for good waits before a new drain tries again. */
const RESCHEDULE_DELAY_MS = 30_000;
/** Drains running at once on each platform's queue, per worker process. */
export const DRAIN_CONCURRENCY = 8;

export interface NotifyWorkerOptions {
  connection: Redis;
  prefix: string;
  /** Drains at once per platform (DRAIN_CONCURRENCY by default). */
  concurrency?: Partial<Record<Platform, number>>;
  stalledIntervalMs?: number;
}

/**
 * One BullMQ worker per platform, each on its platform's drain queue with its own concurrency: a global 429 pauses
 * that platform's worker only (`worker.rateLimit`), and a platform with slow channels never takes another's slots. A
 * platform without a sender still has its worker: its drains record each item as failed (the platform is not configured).
 */
export function startNotifyWorker(deps: NotifyDeps & NotifyWorkerOptions): { workers: Record<Platform, Worker<NotifyJob, number>>; stop: () => Promise<void> } {
  let closing = false;
  const drainDeps: NotifyDeps = { ...deps, closing: () => closing };
  const start = (platform: Platform): Worker<NotifyJob, number> => {
    const worker: Worker<NotifyJob, number> = new Worker<NotifyJob, number>(
      notifyQueueName(platform),
      (job, token) => drainChannel(drainDeps, job, token, (ms) => worker.rateLimit(ms)),
      {
        connection: deps.connection,
        prefix: deps.prefix,
        concurrency: deps.concurrency?.[platform] ?? DRAIN_CONCURRENCY,
        // BullMQ honours a pause set by `worker.rateLimit` (a global 429) only on a queue with a limiter: without one,
        // every other process, and this one's other slots, took the next drain at once. This limiter never binds
        // by itself; the platforms' limits are our token buckets.
        limiter: { max: 1_000_000, duration: 1_000 },
        settings: { backoffStrategy: (attemptsMade: number) => drainBackoff(attemptsMade, Math.random, deps.timeScale) },
        ...(deps.stalledIntervalMs ? { stalledInterval: deps.stalledIntervalMs, lockDuration: deps.stalledIntervalMs } : {}),
      },
    );
    worker.on('failed', (job, err) => {
      if (!job) return;
      void (async () => {
        // Failed for good (attempts used up, or stalled too often): a fresh drain takes over after a pause, so the
        // channel's outbox never waits for a next event that may not come.
        if ((await job.getState()) !== 'failed') return;
        const parsed = notifyJobSchema.safeParse(job.data);
        if (!parsed.success) return;
        const { channel } = parsed.data;
        const generation = await deps.outbox.reschedule(channel);
        const jobId = drainJobId(sha256(channelKey(channel)).slice(0, 16), generation);
        await deps.fanout.notifyQueues[channel.platform].add('drain', { channel }, { ...DRAIN_JOB_OPTIONS, jobId, delay: RESCHEDULE_DELAY_MS / (deps.timeScale ?? 1) });
        deps.logger.error({ job: job.id, err: err.message, next: jobId }, 'drain failed for good; a new drain takes over shortly');
      })().catch((e: Error) => deps.logger.error({ err: e.message }, 'could not reschedule a failed drain'));
    });
    worker.on('error', (err) => deps.logger.error({ err: err.message, platform }, 'notify worker error'));
    return worker;
  };
  const workers = Object.fromEntries(PLATFORMS.map((p) => [p, start(p)])) as Record<Platform, Worker<NotifyJob, number>>;
  return {
    workers,
    stop: async () => {
      // Drains give their jobs back at their next step (and let their leases go) rather than run to the end.
      closing = true;
      await Promise.all(PLATFORMS.map((p) => closeWorker(workers[p], deps.logger, `notify-${p}`)));
    },
  };
}

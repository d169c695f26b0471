import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../src/logger.js';
import { LEGACY_NOTIFY_QUEUE } from '../src/queues/names.js';
import { notifyJobSchema, type NotifyJob } from '../src/queues/payloads.js';
import type { NotifyQueues } from './fanout.worker.js';

/**
 * Moves the drains left in the one drain queue of earlier versions (`notify`) to their platform's queue, with the
 * same job id and options, so that an upgrade strands no channel: a channel marked "drain scheduled" whose job sits
 * in a queue no worker reads would never be posted again. Waiting (paused ones included), delayed and prioritised jobs move, and
 * active ones whose lock has lapsed (their worker is gone); a delayed drain (a backoff, a rate-limit wait) runs at
 * once, which its own rate limits and backoff bound. An active job still locked belongs to a worker of the earlier
 * version that is still running: it is left to finish (its drain empties the outbox) and moved at the next start if
 * it was not. Idempotent: run at each worker start. Returns how many were moved.
 */
export async function moveLegacyDrains(connection: Redis, prefix: string, queues: NotifyQueues, logger: Logger): Promise<number> {
  const legacy = new Queue<NotifyJob>(LEGACY_NOTIFY_QUEUE, { connection, prefix });
  legacy.on('error', (err) => logger.debug({ err: err.message }, 'legacy notify queue: redis error'));
  let moved = 0;
  try {
    const jobs = await legacy.getJobs(['wait', 'delayed', 'prioritized', 'active']);
    for (const job of jobs) {
      if (!job?.id) continue;
      if ((await job.getState()) === 'active' && (await connection.exists(legacy.toKey(`${job.id}:lock`))) === 1) continue;
      if (await moveOne(job, queues, logger)) moved++;
    }
  } finally {
    await legacy.close();
  }
  if (moved > 0) logger.info({ moved, from: LEGACY_NOTIFY_QUEUE }, 'drains of the earlier single notify queue moved to their platform queues');
  return moved;
}

async function moveOne(job: Job<NotifyJob>, queues: NotifyQueues, logger: Logger): Promise<boolean> {
  const parsed = notifyJobSchema.safeParse(job.data);
  if (parsed.success) {
    const { attempts, backoff, removeOnComplete, removeOnFail } = job.opts;
    await queues[parsed.data.channel.platform].add(job.name, parsed.data, { attempts, backoff, removeOnComplete, removeOnFail, jobId: job.id! });
  } else {
    logger.error({ job: job.id, err: parsed.error.message }, 'an invalid drain job in the earlier notify queue is dropped');
  }
  try {
    await job.remove();
  } catch (err) {
    // Taken by a worker of the earlier version in the meantime: it drains the channel; the copy waits for the lease.
    logger.debug({ job: job.id, err: (err as Error).message }, 'earlier drain job could not be removed');
  }
  return parsed.success;
}

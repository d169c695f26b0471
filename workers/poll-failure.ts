import type { Job } from 'bullmq';
import { nextScheduledPoll } from '../src/core/sources.js';
import type { SourceConfig } from '../src/sources/schema.js';

/**
 * The delay BullMQ applies before the job's next attempt, from its backoff options (undefined: none set, or a custom
 * strategy). `attemptsMade` counts the attempts made, the one that just failed included (BullMQ's Backoffs.calculate).
 */
export function retryDelayMs(job: Pick<Job, 'attemptsMade' | 'opts'>): number | undefined {
  const b = job.opts.backoff;
  if (b === undefined) return undefined;
  if (typeof b === 'number') return b;
  const delay = b.delay ?? 0;
  // BullMQ's exponential backoff without jitter: delay × 2^(attempts made − 1).
  return b.type === 'exponential' ? delay * 2 ** Math.max(0, job.attemptsMade - 1) : b.type === 'fixed' ? delay : undefined;
}

const seconds = (ms: number) => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/**
 * When a failed poll's source is tried again, for its log line: after the job's backoff when BullMQ retries it,
 * else at the source's next scheduled poll. `nextAttemptAt` is an ISO instant, for the log's fields.
 */
export function nextAttempt(source: Pick<SourceConfig, 'id' | 'interval'>, now: Date, retryInMs?: number): { nextAttemptAt: string; text: string } {
  if (retryInMs !== undefined) {
    const at = new Date(now.getTime() + retryInMs).toISOString();
    return { nextAttemptAt: at, text: `will retry in ${seconds(retryInMs)}, at ${at}` };
  }
  const at = nextScheduledPoll(source.id, source.interval, now).toISOString();
  return { nextAttemptAt: at, text: `next attempt at the next scheduled poll, ${at}` };
}

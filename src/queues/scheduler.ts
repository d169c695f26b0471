import type { Queue } from 'bullmq';
import { scheduleOffset } from '../core/sources.js';
import type { SourceConfig } from '../sources/schema.js';
import type { Logger } from '../logger.js';
import { emailDigestSchedulerId, EXPIRY_SCHEDULER_ID, POLL_SCHEDULER_PREFIX, pollSchedulerId } from './names.js';
import type { MaintenanceJob, PollJob } from './payloads.js';

/** Retries of a poll that failed on something transient (network, 5xx): spaced out, then left to the next poll. */
export const POLL_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential' as const, delay: 30_000 },
  removeOnComplete: { count: 200 },
  removeOnFail: { count: 500 },
};

/**
 * Makes the queue's job schedulers match the sources: one per enabled source (upserted: idempotent when
 * several replicas start at once), none for disabled or removed ones. Returns what changed.
 */
export async function syncSchedulers(
  queue: Queue<PollJob>,
  sources: readonly SourceConfig[],
  logger: Logger,
): Promise<{ upserted: string[]; removed: string[] }> {
  const wanted = sources.filter((s) => s.enabled);
  const ids = new Set(wanted.map((s) => pollSchedulerId(s.id)));
  for (const s of wanted) {
    await queue.upsertJobScheduler(
      pollSchedulerId(s.id),
      { every: s.interval, offset: scheduleOffset(s.id, s.interval) },
      { name: 'poll', data: { sourceId: s.id }, opts: POLL_JOB_OPTIONS },
    );
  }
  const removed: string[] = [];
  for (const existing of await queue.getJobSchedulers(0, -1)) {
    const id = existing.id ?? existing.key;
    if (id.startsWith(POLL_SCHEDULER_PREFIX) && !ids.has(id)) {
      await queue.removeJobScheduler(id);
      removed.push(id);
    }
  }
  logger.info({ sources: wanted.map((s) => s.id), removed }, 'poll schedules match the sources file');
  return { upserted: [...ids], removed };
}

/**
 * Polls now every enabled source that was never polled, or not within its interval (the tracker was
 * down): the schedules' first run can be hours away. Deduplicated by source while such a job is pending,
 * so replicas starting together enqueue one.
 */
export async function pollOverdueSources(
  queue: Queue<PollJob>,
  sources: readonly SourceConfig[],
  lastAttempt: (sourceId: string) => Promise<string | undefined>,
  now: Date,
): Promise<string[]> {
  const due: string[] = [];
  for (const s of sources.filter((x) => x.enabled)) {
    const last = await lastAttempt(s.id);
    if (last !== undefined && now.getTime() - Date.parse(last) < s.interval) continue;
    await queue.add('poll', { sourceId: s.id }, { ...POLL_JOB_OPTIONS, deduplication: { id: `now-${s.id}` } });
    due.push(s.id);
  }
  return due;
}

const MAINTENANCE_JOB_OPTIONS = { attempts: 5, backoff: { type: 'exponential' as const, delay: 60_000 }, removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } };

/**
 * Runs the expiry reminders every day at `time` ("HH:MM") in `timeZone` (TZ_REFERENCE); with `emailDigest` (e-mail
 * configured), the daily digests every day at its time and the weekly ones on its weekday (1 Monday … 7 Sunday);
 * without, their schedulers are removed. Idempotent.
 */
export async function syncMaintenance(queue: Queue<MaintenanceJob>, opts: { time: string; timeZone: string; emailDigest?: { time: string; weekday: number } }): Promise<void> {
  const [hours, minutes] = opts.time.split(':').map(Number);
  await queue.upsertJobScheduler(
    EXPIRY_SCHEDULER_ID,
    { pattern: `${minutes} ${hours} * * *`, tz: opts.timeZone },
    { name: 'expiry', data: { task: 'expiry' }, opts: MAINTENANCE_JOB_OPTIONS },
  );
  for (const period of ['daily', 'weekly'] as const) {
    const id = emailDigestSchedulerId(period);
    if (!opts.emailDigest) {
      await queue.removeJobScheduler(id);
      continue;
    }
    const [h, m] = opts.emailDigest.time.split(':').map(Number);
    const day = period === 'daily' ? '*' : String(opts.emailDigest.weekday % 7);
    await queue.upsertJobScheduler(id, { pattern: `${m} ${h} * * ${day}`, tz: opts.timeZone }, { name: 'email-digest', data: { task: 'email-digest', period }, opts: MAINTENANCE_JOB_OPTIONS });
  }
}

import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SourceConfig } from '../src/sources/schema.js';
import { QUEUES } from '../src/queues/names.js';
import { pollJobSchema, type PollJob } from '../src/queues/payloads.js';
import { SourceFormatError } from '../src/sources/errors.js';
import { FetchError } from '../src/sources/fetcher.js';
import { pollOutcome, timeParse, type MetricsRecorder } from '../src/metrics.js';
import { createKeys } from '../src/store/keys.js';
import { createPollLock, type PollLock } from '../src/store/poll-lock.js';
import { closeWorker } from './close-worker.js';
import { nextAttempt, retryDelayMs } from './poll-failure.js';
import { pollSource, type PollDeps, type PollResult } from './poll-source.js';

export interface PollWorkerDeps extends PollDeps {
  connection: Redis;
  prefix: string;
  /** The current sources (the file is reloaded on SIGHUP). */
  sources: () => ReadonlyMap<string, SourceConfig>;
  /** Consecutive failed polls before source.failing is raised. */
  failingAfter: number;
  concurrency?: number;
  /** How often BullMQ looks for jobs whose worker died (a killed process): shorter in tests. */
  stalledIntervalMs?: number;
  /** Polls by outcome and parse durations, for /metrics (absent in tests that do not look). */
  metrics?: MetricsRecorder;
  /** The cluster-wide lock of each source's poll; built from connection and prefix when absent. */
  pollLock?: PollLock;
}

/** A transient fetch error while attempts remain: let BullMQ retry with backoff. */
const willRetry = (err: unknown, job: Job): boolean =>
  err instanceof FetchError && err.transient && job.attemptsMade + 1 < (job.opts.attempts ?? 1);

/** One line that says what a poll found, for the logs and the first run's console. */
function describe(source: SourceConfig, r: PollResult): string {
  switch (r.outcome) {
    case 'baseline':
      return r.snapshot
        ? `${source.id}: baseline stored, ${r.snapshot.offers.length} offers${r.snapshot.edition ? ` (edition ${r.snapshot.edition})` : ''}; no alert on first sight`
        : `${source.id}: baseline stored, ${r.items ?? 0} items; no alert on first sight`;
    case 'news':
      return `${source.id}: ${r.items} items, ${r.events.length} new story(ies) stored${r.held ? `, ${r.held} held by the caps (accept ${source.id})` : ''}`;
    case 'unchanged':
      return `${source.id}: unchanged (${r.reason === '304' ? 'HTTP 304' : 'same document'})`;
    case 'changed':
      return `${source.id}: ${r.events.length} change(s) stored`;
    case 'released':
      return `${source.id}: held document confirmed by later polls, ${r.events.length} change(s) stored`;
    case 'held':
      return `${source.id}: document held as suspect (${r.held.reasons.join('; ')}), sighting ${r.held.sightings.length}`;
    case 'superseded':
      return `${source.id}: another poll stored this change first`;
  }
}

/** How soon a poll released at shutdown runs again (on another replica, or this one restarted). */
const RELEASE_DELAY_MS = 1_000;
/** How soon a poll that found its source being polled elsewhere tries again, at most (then most likely "unchanged"). */
const BUSY_DELAY_MS = 15_000;
/** BullMQ's default lock duration, which the poll lock follows when the worker sets none. */
const DEFAULT_LOCK_MS = 30_000;

/** Another poll of the same source holds its lock: this one waits its turn rather than parse the document twice at once. */
export class SourceBusyError extends Error {
  override readonly name = 'SourceBusyError';
}

/** Processes one poll job, recording health; errors decide the job's fate. */
export async function processPoll(deps: PollWorkerDeps, job: Job<PollJob>, token?: string): Promise<PollResult> {
  const payload = pollJobSchema.safeParse(job.data);
  if (!payload.success) throw new UnrecoverableError(`invalid poll job: ${payload.error.message}`);
  const source = deps.sources().get(payload.data.sourceId);
  if (!source) throw new UnrecoverableError(`unknown source "${payload.data.sourceId}" (removed from the sources file?)`);
  // The source's lock lapses as the job's own lock does: a killed worker's poll is redone as soon as it is seen stalled.
  const lockMs = deps.stalledIntervalMs ?? DEFAULT_LOCK_MS;
  const lock = deps.pollLock ?? createPollLock(deps.connection, createKeys(deps.prefix).pollLock, lockMs);
  try {
    const polled = await lock.run(source.id, () => pollSource(deps.metrics ? { ...deps, parse: timeParse(deps.parse, deps.metrics) } : deps, source, { commit: true }));
    if (!polled.ran) {
      if (!token) throw new SourceBusyError(`${source.id}: another poll of this source is running`);
      await job.moveToDelayed(Date.now() + Math.min(BUSY_DELAY_MS, lockMs), token);
      deps.logger.info({ source: source.id }, `${source.id}: another poll of this source is running; this one runs after it`);
      throw new DelayedError();
    }
    const result = polled.value;
    void deps.metrics?.poll(source.id, pollOutcome(result));
    deps.logger.info({ source: source.id, outcome: result.outcome }, describe(source, result));
    return result;
  } catch (err) {
    // Waiting its turn is not a failure of the source.
    if (err instanceof DelayedError || err instanceof SourceBusyError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof FetchError && err.aborted && token) {
      // Stopping: give the job back untouched (no attempt used, no failure counted) rather than lose it.
      await job.moveToDelayed(Date.now() + RELEASE_DELAY_MS, token);
      deps.logger.info({ source: source.id }, `${source.id}: poll released for a later run (stopping)`);
      throw new DelayedError();
    }
    void deps.metrics?.poll(source.id, 'error');
    if (willRetry(err, job)) {
      const next = nextAttempt(source, deps.clock(), retryDelayMs({ attemptsMade: job.attemptsMade + 1, opts: job.opts }) ?? 0);
      deps.logger.warn({ source: source.id, attempt: job.attemptsMade + 1, nextAttemptAt: next.nextAttemptAt }, `${message} (${next.text})`);
      throw err;
    }
    const failures = await deps.store.recordFailure(source.id, message, deps.clock(), deps.failingAfter, source.name);
    const next = nextAttempt(source, deps.clock());
    deps.logger.error({ source: source.id, failures, nextAttemptAt: next.nextAttemptAt }, `${message} (${next.text})`);
    if (err instanceof SourceFormatError || err instanceof FetchError) throw new UnrecoverableError(message);
    throw err;
  }
}

/** The poll worker: one BullMQ Worker on the poll queue. Returns its stop. */
export function startPollWorker(deps: PollWorkerDeps): { worker: Worker<PollJob, PollResult>; stop: () => Promise<void> } {
  const worker = new Worker<PollJob, PollResult>(QUEUES.poll, (job, token) => processPoll(deps, job, token), {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency ?? 2,
    ...(deps.stalledIntervalMs ? { stalledInterval: deps.stalledIntervalMs, lockDuration: deps.stalledIntervalMs } : {}),
  });
  worker.on('error', (err) => deps.logger.error({ err: err.message }, 'poll worker error'));
  return { worker, stop: () => closeWorker(worker, deps.logger, 'poll') };
}

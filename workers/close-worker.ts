import type { Worker } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../src/logger.js';

/** How long a worker may take to finish its active jobs on shutdown before it is closed by force. */
export const CLOSE_GRACE_MS = 10_000;
/** How long a forced close may take before the worker is given up on (the process exits anyway). */
const FORCE_LIMIT_MS = 2_000;

/**
 * Closes a BullMQ worker: stop taking jobs, let the active ones finish (or release themselves), within a bound.
 * A worker whose blocking connection is stuck reconnecting after a Redis restart never resolves `close()`
 * (bullmq#4656, open in 6.7.0; the ops test met it on an idle maintenance worker): after `graceMs` it is closed
 * by force; a job still active then is taken over by another worker once its lock lapses, as after a crash.
 */
export async function closeWorker(worker: Worker, logger: Logger, name: string, graceMs = CLOSE_GRACE_MS): Promise<void> {
  const closed = worker.close().then(() => true);
  if (await Promise.race([closed, sleep(graceMs, false, { ref: false })])) return;
  logger.warn({ worker: name, graceMs }, 'worker did not close in time (active jobs, or a Redis connection stuck reconnecting); closing it by force');
  const forced = worker.close(true).then(() => true, () => true);
  if (!(await Promise.race([forced, sleep(FORCE_LIMIT_MS, false, { ref: false })]))) {
    logger.warn({ worker: name }, 'worker still not closed; leaving it to the process exit');
  }
}

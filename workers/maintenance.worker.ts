import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../src/logger.js';
import { QUEUES } from '../src/queues/names.js';
import { maintenanceJobSchema, type MaintenanceJob } from '../src/queues/payloads.js';
import type { SourceConfig } from '../src/sources/schema.js';
import { closeWorker } from './close-worker.js';
import { runExpiry, type ExpiryDeps } from './expiry.js';

export interface MaintenanceWorkerDeps extends ExpiryDeps {
  connection: Redis;
  prefix: string;
  logger: Logger;
  sources: () => readonly SourceConfig[];
  /** Releases the e-mail digests of a period (workers/email-digest.ts); absent: e-mail is not configured here. */
  emailDigest?: (period: 'daily' | 'weekly') => Promise<number>;
}

/** The maintenance worker: the daily expiry reminders and the scheduled e-mail digests. Returns its stop. */
export function startMaintenanceWorker(deps: MaintenanceWorkerDeps): { stop: () => Promise<void> } {
  const process = async (job: Job<MaintenanceJob>): Promise<number> => {
    const parsed = maintenanceJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('invalid maintenance job');
    if (parsed.data.task === 'email-digest') {
      // A digest job taken by a process without e-mail configured is retried (another worker may have it).
      if (!deps.emailDigest) throw new Error('e-mail is not configured in this worker (SMTP_URL or SMTP_HOST, MAIL_FROM)');
      return deps.emailDigest(parsed.data.period);
    }
    const events = await runExpiry(deps, deps.sources(), { commit: true });
    deps.logger.info({ reminders: events.length }, `expiry reminders: ${events.length} sent`);
    return events.length;
  };
  const worker = new Worker<MaintenanceJob, number>(QUEUES.maintenance, process, { connection: deps.connection, prefix: deps.prefix, concurrency: 1 });
  worker.on('error', (err) => deps.logger.error({ err: err.message }, 'maintenance worker error'));
  return { stop: () => closeWorker(worker, deps.logger, 'maintenance') };
}

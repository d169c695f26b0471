/**
 * The scheduled e-mail digests (decision 0028): at MAIL_DIGEST_TIME (daily) or on MAIL_DIGEST_WEEKDAY (weekly), each
 * e-mail target in that mode may send what waits in its outbox. Its `due` mark moves up to the last item queued now,
 * then a drain job is added for it; the drain sends the due items as one message and leaves anything queued later
 * for the next digest.
 */
import type { Queue } from 'bullmq';
import { sha256 } from '../src/core/snapshot.js';
import { channelKey, type ChannelRef } from '../src/core/subscriptions.js';
import { TARGET_WORKSPACE } from '../src/core/platforms.js';
import { isEmailTarget } from '../src/core/targets.js';
import type { Logger } from '../src/logger.js';
import { digestDrainJobId } from '../src/queues/names.js';
import type { NotifyJob } from '../src/queues/payloads.js';
import type { OutboxStore } from '../src/store/outbox-store.js';
import type { TargetStore } from '../src/store/target-store.js';
import { DRAIN_JOB_OPTIONS } from './fanout.worker.js';

export interface EmailDigestDeps {
  targets: TargetStore;
  outbox: OutboxStore;
  /** The e-mail platform's drain queue. */
  queue: Pick<Queue<NotifyJob>, 'add'>;
  logger: Logger;
}

/**
 * Releases the digests of a period: returns how many targets have something due. Run twice (a retried job), it marks
 * the same or later items due and adds each drain once per mark; a target whose drain dies mid-digest is retried by
 * the drain's own job (the digest frozen at its first attempt, with the same Message-ID).
 */
export async function releaseEmailDigests(deps: EmailDigestDeps, period: 'daily' | 'weekly'): Promise<number> {
  const prefix = `email/${TARGET_WORKSPACE}/`;
  let released = 0;
  for (const [key, target] of await deps.targets.all()) {
    if (!key.startsWith(prefix) || !isEmailTarget(target) || target.digest !== period) continue;
    const channel: ChannelRef = { platform: 'email', workspace: TARGET_WORKSPACE, channel: key.slice(prefix.length) };
    const due = await deps.outbox.markDue(channel);
    if (due === '' || (await deps.outbox.peek(channel, 1, due)).length === 0) continue;
    await deps.queue.add('drain', { channel }, { ...DRAIN_JOB_OPTIONS, jobId: digestDrainJobId(sha256(channelKey(channel)).slice(0, 16), due) });
    released++;
  }
  // Names and counts only: an address never reaches a log.
  deps.logger.info({ period, released }, `e-mail digests: ${released} target(s) with changes due`);
  return released;
}

import { Queue } from 'bullmq';
import { emailTargetSchema } from '../core/targets.js';
import { notifyQueueName } from '../queues/names.js';
import type { NotifyJob } from '../queues/payloads.js';
import { eraseChannel, type Erased } from '../store/erase-channel.js';
import { createTargetStore } from '../store/target-store.js';
import { openRuntime } from '../../workers/runtime.js';
import type { CliContext } from './context.js';
import { InputError } from './errors.js';
import { emailTargetsOf } from './subscriptions-manage.js';

/**
 * `subscriptions erase --address a@b.fr`: every trace of an address (decision 0028, docs/email.md): each target that
 * has it, with its subscriptions, language, pause, queued alerts, due digest, delivery records and drain jobs. Prints
 * what it removed, by target name (the address itself is not printed back).
 */
export async function eraseCommand(address: string, ctx: CliContext): Promise<number> {
  if (!emailTargetSchema.shape.address.safeParse(address.trim()).success) throw new InputError('--address: not an e-mail address such as veille@example.fr');
  const rt = await openRuntime(ctx.config, ctx.logger, () => []);
  const drains = new Queue<NotifyJob>(notifyQueueName('email'), { connection: rt.redis, prefix: ctx.config.REDIS_PREFIX });
  try {
    const found = await emailTargetsOf(createTargetStore(rt.redis, rt.keys), address);
    const erased: Array<{ target: string } & Erased> = [];
    for (const { name, channel } of found) erased.push({ target: name, ...(await eraseChannel(rt.redis, rt.keys, channel, drains)) });
    ctx.out(JSON.stringify({ targets: erased }));
    ctx.err(found.length === 0 ? 'no target has this address: nothing to erase' : `erased ${found.length} target(s): ${erased.map((e) => `${e.target} (${e.subscriptions} subscription(s), ${e.queued} queued, ${e.deliveries} delivery record(s))`).join('; ')}`);
    return 0;
  } finally {
    await drains.close();
    await rt.close();
  }
}

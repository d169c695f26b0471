import type { ChangeEvent } from '../src/core/events.js';
import type { Logger } from '../src/logger.js';
import type { ChangeLog } from '../src/store/change-log.js';

export interface Follower {
  stop(): Promise<void>;
}

/**
 * Follows the change log through a consumer group: each entry is handled, then acknowledged, so an entry read
 * but not handled before a crash is read again at the next start (handlers are idempotent). `mayRun`, when
 * given, is asked before each read and each entry (the fan-out's leader lease); while it says no, the loop
 * waits. Errors (Redis restarting) are logged and retried after a second.
 */
export function followChangeLog(opts: {
  log: ChangeLog;
  group: string;
  consumer: string;
  logger: Logger;
  name: string;
  handle: (event: ChangeEvent) => Promise<void> | void;
  mayRun?: () => Promise<boolean>;
  blockMs?: number;
}): Follower {
  const blockMs = opts.blockMs ?? 1000;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        if (opts.mayRun && !(await opts.mayRun())) {
          await new Promise((r) => setTimeout(r, Math.min(1000, blockMs)));
          continue;
        }
        const entries = await opts.log.readGroup(opts.group, opts.consumer, { count: 50, blockMs });
        for (const { streamId, event } of entries) {
          // Asked again before each entry: a lease lost mid-batch stops this replica before another one starts.
          if (opts.mayRun && !(await opts.mayRun())) break;
          await opts.handle(event);
          await opts.log.ack(opts.group, [streamId]);
        }
      } catch (err) {
        if (!running) break;
        opts.logger.warn({ err: (err as Error).message }, `${opts.name}: retrying after an error`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

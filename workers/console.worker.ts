import type { Logger } from '../src/logger.js';
import type { ConsoleSink } from '../src/platforms/console/sink.js';
import type { ChangeLog } from '../src/store/change-log.js';

/** Consumer group of the console sink on the change log. */
export const CONSOLE_GROUP = 'console';

/**
 * Follows the change log through a consumer group and hands each event to the console sink, then
 * acknowledges it: an event stored while the process was down, or read but not printed before a crash,
 * is printed at the next start. Returns its stop.
 */
export function startConsoleSink(deps: { log: ChangeLog; sink: ConsoleSink; logger: Logger; consumer: string; blockMs?: number }): {
  stop: () => Promise<void>;
} {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const entries = await deps.log.readGroup(CONSOLE_GROUP, deps.consumer, { count: 50, blockMs: deps.blockMs ?? 1000 });
        for (const { event } of entries) deps.sink.deliver(event);
        await deps.log.ack(CONSOLE_GROUP, entries.map((e) => e.streamId));
      } catch (err) {
        if (!running) break;
        deps.logger.warn({ err: (err as Error).message }, 'console sink: change log unreachable, retrying');
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

import type { Logger } from '../src/logger.js';
import type { ConsoleSink } from '../src/platforms/console/sink.js';
import type { ChangeLog } from '../src/store/change-log.js';
import { followChangeLog } from './follow-log.js';

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
  return followChangeLog({
    log: deps.log,
    group: CONSOLE_GROUP,
    consumer: deps.consumer,
    logger: deps.logger,
    name: 'console sink',
    ...(deps.blockMs ? { blockMs: deps.blockMs } : {}),
    handle: (event) => deps.sink.deliver(event),
  });
}

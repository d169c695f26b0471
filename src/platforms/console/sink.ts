import type { ChangeEvent } from '../../core/events.js';
import { formatConsole } from './format.js';

/** The sink used when no chat token is set: alerts become lines on standard output. */
export interface ConsoleSink {
  deliver(event: ChangeEvent): void;
}

export function createConsoleSink(write: (line: string) => void = (l) => void process.stdout.write(`${l}\n`)): ConsoleSink {
  return { deliver: (event) => write(`${event.detectedAt.slice(0, 19).replace('T', ' ')} UTC  ${formatConsole(event)}`) };
}

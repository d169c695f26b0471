import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/** What every command gets from the entry point. */
export interface CliContext {
  config: Config;
  logger: Logger;
  out: (line: string) => void;
  err: (line: string) => void;
}

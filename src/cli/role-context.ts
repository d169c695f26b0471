import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { SourceConfig } from '../sources/schema.js';
import type { Runtime } from '../../workers/runtime.js';

/** Stops what a role started; resolves once it has stopped. */
export type Stop = () => Promise<void>;

/** What every role of `start` is given. */
export interface RoleContext {
  rt: Runtime;
  config: Config;
  logger: Logger;
  sources: () => SourceConfig[];
}

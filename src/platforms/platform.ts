import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Sender } from '../core/delivery.js';
import type { Platform } from '../core/platforms.js';
import type { ChannelRef } from '../core/subscriptions.js';
import type { Logger } from '../logger.js';
import type { Keys } from '../store/keys.js';

/** What a platform's sender may need from the process: its configuration, and Redis for what it stores (a target's secret). */
export interface PlatformDeps {
  config: Config;
  redis: Redis;
  keys: Keys;
  logger: Logger;
}

/**
 * A platform as the wiring sees it (src/platforms/<name>/platform.ts): when the deployment delivers to it, its
 * sender, and where operator events go on it. Its chat front end, if any, is not here: the roles that run one
 * load it themselves, so a worker replica never carries it (decision 0007).
 */
export interface PlatformModule {
  name: Platform;
  /** Whether the configuration turns this platform on (a token, a flag): drains of a platform that is not get failed. */
  configured(config: Config): boolean;
  /** The sender; called only when `configured`. */
  sender(deps: PlatformDeps): Sender;
  /** The operators' channel on this platform, when configured there (OPS_SLACK_CHANNEL…). */
  opsChannel?(config: Config): ChannelRef | undefined;
}

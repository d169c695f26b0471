import type { Config } from '../config.js';
import type { Platform } from '../core/platforms.js';
import { PLATFORMS } from '../core/platforms.js';
import type { ChannelRef } from '../core/subscriptions.js';
import { discordPlatform } from './discord/platform.js';
import { emailPlatform } from './email/platform.js';
import { matrixPlatform } from './matrix/platform.js';
import type { PlatformModule } from './platform.js';
import { slackPlatform } from './slack/platform.js';
import { teamsPlatform } from './teams/platform.js';
import { webhookPlatform } from './webhook/platform.js';

/** Every platform's module, by name (src/core/platforms.ts lists the names; the type makes both agree). */
export const PLATFORM_MODULES: Readonly<Record<Platform, PlatformModule>> = {
  slack: slackPlatform,
  discord: discordPlatform,
  webhook: webhookPlatform,
  matrix: matrixPlatform,
  teams: teamsPlatform,
  email: emailPlatform,
};

/** The platforms this configuration delivers to. */
export const configuredPlatforms = (c: Config): Platform[] => PLATFORMS.filter((p) => PLATFORM_MODULES[p].configured(c));

/** Where operator events go: the first platform, in PLATFORMS order, that names an operators' channel; else nowhere (the console). */
export function opsChannelOf(c: Config): ChannelRef | undefined {
  for (const p of PLATFORMS) {
    const ops = PLATFORM_MODULES[p].opsChannel?.(c);
    if (ops) return ops;
  }
  return undefined;
}

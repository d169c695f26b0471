import { ProxyAgent, type Dispatcher } from 'undici';
import type { Config } from '../../config.js';
import type { PlatformModule } from '../platform.js';
import { bypassesProxy } from '../proxy.js';
import { createDiscordRest } from './rest.js';
import { createDiscordSender } from './sender.js';

/** The dispatcher for Discord's REST calls: HTTPS_PROXY unless NO_PROXY exempts the host. */
const discordDispatcher = (c: Config): Dispatcher | undefined =>
  c.HTTPS_PROXY && !bypassesProxy(new URL(c.DISCORD_API_URL ?? 'https://discord.com/api').hostname, c.NO_PROXY) ? new ProxyAgent(c.HTTPS_PROXY) : undefined;

/** Discord's REST client as configured (DISCORD_TOKEN, DISCORD_API_URL, the proxy). */
export function discordRest(c: Config) {
  const agent = discordDispatcher(c);
  return createDiscordRest({ token: c.DISCORD_TOKEN ?? '', ...(c.DISCORD_API_URL ? { apiUrl: c.DISCORD_API_URL } : {}), ...(agent ? { agent } : {}) });
}

/** Discord: on with DISCORD_TOKEN; operator events in OPS_DISCORD_CHANNEL. */
export const discordPlatform: PlatformModule = {
  name: 'discord',
  configured: (c) => Boolean(c.DISCORD_TOKEN),
  sender: ({ config }) => createDiscordSender(discordRest(config), { rateScale: config.DELIVERY_RATE_SCALE, ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}) }),
  opsChannel: (c) => (c.OPS_DISCORD_CHANNEL ? { platform: 'discord', workspace: 'ops', channel: c.OPS_DISCORD_CHANNEL } : undefined),
};

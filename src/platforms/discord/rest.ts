import { REST, type RESTOptions } from '@discordjs/rest';
import type { Dispatcher } from 'undici';

export const DISCORD_DEFAULT_API_URL = 'https://discord.com/api';

/**
 * A REST client for Discord's API v10 that decides nothing by itself: no retries (`retries: 0`) and every rate
 * limit rejected as a RateLimitError rather than waited for, so that one layer, the delivery worker, decides.
 * `apiUrl` (DISCORD_API_URL, without the version) points it at a stub or an emulator; `agent` is the undici
 * dispatcher for every request, e.g. a ProxyAgent for HTTPS_PROXY. The caller owns the agent's lifetime.
 */
export function createDiscordRest(opts: { token: string; apiUrl?: string; agent?: Dispatcher }): REST {
  return new REST({
    version: '10',
    retries: 0,
    rejectOnRateLimit: () => true,
    // One limiter decides: our Redis bucket (48/s, burst 2, shared by all workers). The library's own per-second
    // window gets headroom so that a burst after a lull is never refused locally (which would pause every channel).
    globalRequestsPerSecond: 60,
    ...(opts.apiUrl ? { api: opts.apiUrl.replace(/\/+$/, '') } : {}),
    // @discordjs/rest bundles undici 6, we use undici 7: its dispatchers accept undici 6's handlers (tested).
    ...(opts.agent ? { agent: opts.agent as unknown as RESTOptions['agent'] } : {}),
  }).setToken(opts.token);
}

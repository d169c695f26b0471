import type { Config } from '../../config.js';
import type { PlatformModule } from '../platform.js';
import { proxyAgentFor } from '../proxy.js';
import { createSlackClient, SLACK_DEFAULT_API_URL } from './client.js';
import { createSlackSender } from './sender.js';

/** The agent for Slack's Web API: HTTPS_PROXY unless NO_PROXY exempts its host. */
export const slackAgent = (c: Config) =>
  proxyAgentFor(c.SLACK_API_URL ?? SLACK_DEFAULT_API_URL, { ...(c.HTTPS_PROXY ? { httpsProxy: c.HTTPS_PROXY } : {}), ...(c.NO_PROXY ? { noProxy: c.NO_PROXY } : {}) });

/** Slack: on with SLACK_BOT_TOKEN; operator events in OPS_SLACK_CHANNEL. */
export const slackPlatform: PlatformModule = {
  name: 'slack',
  configured: (c) => Boolean(c.SLACK_BOT_TOKEN),
  sender({ config: c }) {
    const agent = slackAgent(c);
    const client = createSlackClient({ token: c.SLACK_BOT_TOKEN ?? '', ...(c.SLACK_API_URL ? { apiUrl: c.SLACK_API_URL } : {}), ...(agent ? { agent } : {}) });
    return createSlackSender(client, { rateScale: c.DELIVERY_RATE_SCALE, ...(c.PUBLIC_URL ? { publicUrl: c.PUBLIC_URL } : {}) });
  },
  opsChannel: (c) => (c.OPS_SLACK_CHANNEL ? { platform: 'slack', workspace: 'ops', channel: c.OPS_SLACK_CHANNEL } : undefined),
};

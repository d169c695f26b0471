import { WebClient } from '@slack/web-api';
import type { Agent } from 'node:http';

export const SLACK_DEFAULT_API_URL = 'https://slack.com/api/';

/**
 * A Web API client for posting: no retries of its own and rate-limited calls rejected rather than waited
 * for, so that one layer (the delivery worker) decides; SLACK_API_URL and the proxy honoured.
 */
export function createSlackClient(opts: { token: string; apiUrl?: string; agent?: Agent }): WebClient {
  return new WebClient(opts.token, {
    slackApiUrl: opts.apiUrl ?? SLACK_DEFAULT_API_URL,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    ...(opts.agent ? { agent: opts.agent } : {}),
  });
}

import { WebClient } from '@slack/web-api';
import type { Agent } from 'node:http';

export const SLACK_DEFAULT_API_URL = 'https://slack.com/api/';

/** A Web API call that has not answered after this long fails (as Discord's REST client does by default). */
export const SLACK_CALL_TIMEOUT_MS = 15_000;

/**
 * A Web API client for posting: no retries of its own and rate-limited calls rejected rather than waited
 * for, so that one layer (the delivery worker) decides; SLACK_API_URL and the proxy honoured. Calls time out:
 * a drain holds its channel while it waits, and a call that never answers would hold it forever.
 */
export function createSlackClient(opts: { token: string; apiUrl?: string; agent?: Agent; timeoutMs?: number }): WebClient {
  return new WebClient(opts.token, {
    slackApiUrl: opts.apiUrl ?? SLACK_DEFAULT_API_URL,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? SLACK_CALL_TIMEOUT_MS,
    ...(opts.agent ? { agent: opts.agent } : {}),
  });
}

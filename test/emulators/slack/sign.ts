/** Slash commands as Slack sends them: the form body, the v0 request signature, and the POST itself. */
import { createHmac } from 'node:crypto';

/** The headers Slack signs a request with. */
export interface SignatureHeaders {
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
}

/**
 * Signs `body` as Slack does: `v0=` + hex HMAC-SHA256 of `v0:${timestamp}:${body}` keyed by the signing secret.
 * `timestamp` is in Unix seconds (default now); pass an old one to test the replay window (5 minutes in Bolt).
 */
export function signRequest(signingSecret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): SignatureHeaders {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${hmac}` };
}

/** The fields of a slash command invocation; everything but `text` and `responseUrl` has a default. */
export interface SlashCommandFields {
  command?: string;
  text?: string;
  teamId?: string;
  teamDomain?: string;
  channelId?: string;
  channelName?: string;
  userId?: string;
  userName?: string;
  responseUrl: string;
  triggerId?: string;
  apiAppId?: string;
  enterpriseId?: string;
}

let triggers = 0;

/**
 * The application/x-www-form-urlencoded body Slack POSTs for a slash command, fields in Slack's order. It still
 * carries the deprecated verification `token`, which apps should ignore in favour of the signature.
 */
export function slashCommandBody(f: SlashCommandFields): string {
  const form = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: f.teamId ?? 'T0FAKE0001',
    team_domain: f.teamDomain ?? 'fake-team',
    ...(f.enterpriseId ? { enterprise_id: f.enterpriseId, enterprise_name: 'Fake Grid' } : {}),
    channel_id: f.channelId ?? 'C0GENERAL',
    channel_name: f.channelName ?? 'general',
    user_id: f.userId ?? 'U0ALICE',
    user_name: f.userName ?? 'alice',
    command: f.command ?? '/secnumcloud',
    text: f.text ?? '',
    api_app_id: f.apiAppId ?? 'A0TRACKER',
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: f.triggerId ?? `${Date.now()}.${++triggers}.fake${triggers.toString(16).padStart(8, '0')}`,
  });
  return form.toString();
}

export interface PostSlashCommandOptions {
  /** Unix seconds used in the signature (default now). */
  timestamp?: number;
  /** Sign with a wrong secret. */
  badSignature?: boolean;
  /** Send no signature headers at all. */
  omitHeaders?: boolean;
}

/** What the app answered. Slack shows an error to the user when the answer takes more than 3 seconds. */
export interface SlashCommandResult {
  status: number;
  body: string;
  /** The body parsed as JSON when it is JSON (Slack then shows it as the reply), else undefined. */
  json: unknown;
  contentType: string | null;
  elapsedMs: number;
  withinDeadline: boolean;
}

/** Slack's deadline for the HTTP answer to a slash command. */
export const SLASH_COMMAND_DEADLINE_MS = 3000;

/** POSTs a signed slash command to the app's endpoint (e.g. `http://127.0.0.1:PORT/slack/events`). */
export async function postSlashCommand(
  appUrl: string,
  signingSecret: string,
  fields: SlashCommandFields,
  options: PostSlashCommandOptions = {},
): Promise<SlashCommandResult> {
  const body = slashCommandBody(fields);
  const secret = options.badSignature ? `${signingSecret}-wrong` : signingSecret;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    accept: 'application/json,*/*',
    ...(options.omitHeaders ? {} : signRequest(secret, body, options.timestamp)),
  };
  const started = performance.now();
  const res = await fetch(appUrl, { method: 'POST', headers, body });
  const text = await res.text();
  const elapsedMs = performance.now() - started;
  let json: unknown;
  try {
    json = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    json = undefined;
  }
  return {
    status: res.status, body: text, json, contentType: res.headers.get('content-type'), elapsedMs,
    withinDeadline: elapsedMs <= SLASH_COMMAND_DEADLINE_MS,
  };
}

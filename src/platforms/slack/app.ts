import { App, ExpressReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Agent } from 'node:http';
import type { CommandDeps, Invocation } from '../../commands/ports.js';
import type { Reply } from '../../commands/reply.js';
import { runCommand } from '../../commands/run.js';
import type { Logger } from '../../logger.js';
import { toSlack } from './format.js';

export interface SlackAppOptions {
  botToken: string;
  signingSecret: string;
  /** Socket Mode (no public URL needed) when set. */
  appToken?: string;
  /** SLACK_API_URL: the Web API base (a proxy, a staging or a test emulator). */
  apiUrl?: string;
  /** SLACK_ADMIN_ONLY: only workspace admins and owners may subscribe and unsubscribe. */
  adminOnly: boolean;
  agent?: Agent;
  logger: Logger;
  deps: CommandDeps;
}

export interface SlackApp {
  client: WebClient;
  /** HTTP mode: the receiver whose router is mounted at POST /slack/events on the process's one server. */
  receiver?: ExpressReceiver;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What a user sees when a command fails on our side: no trace, a hint to retry (the operators have the log). */
const FAULT: Reply = {
  visibility: 'ephemeral',
  tone: 'error',
  summary: 'Erreur interne du tracker, réessayez dans un instant. / Internal error, please try again shortly.',
  blocks: [{ type: 'paragraph', content: ['Erreur interne du tracker, réessayez dans un instant. / Internal error, please try again shortly.'] }],
};

function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack' });
  return {
    debug: (...m: unknown[]) => child.debug(m.map(String).join(' ')),
    info: (...m: unknown[]) => child.info(m.map(String).join(' ')),
    warn: (...m: unknown[]) => child.warn(m.map(String).join(' ')),
    error: (...m: unknown[]) => child.error(m.map(String).join(' ')),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

/** Slack sends a command's text with its three markup characters escaped: give the parser what the user typed. */
export const unescapeSlack = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Who may manage subscriptions: the app must be in the channel (to post there), and an admin when required. */
async function invocation(client: WebClient, cmd: { team_id: string; channel_id: string; user_id: string }, adminOnly: boolean): Promise<Invocation> {
  const base = { channel: { platform: 'slack' as const, workspace: cmd.team_id, channel: cmd.channel_id }, user: cmd.user_id };
  const member = await client.conversations
    .info({ channel: cmd.channel_id })
    .then((r) => r.channel?.is_member === true || r.channel?.is_im === true)
    .catch(() => false);
  if (!member) return { ...base, canManage: false, cannotManageReason: 'invite-app' };
  if (adminOnly) {
    const user = await client.users.info({ user: cmd.user_id }).catch(() => undefined);
    if (!(user?.user?.is_admin || user?.user?.is_owner)) return { ...base, canManage: false, cannotManageReason: 'admin-only' };
  }
  return { ...base, canManage: true };
}

/**
 * The Slack app: `/secnumcloud …` answered through the command layer. ack() comes first, always within Slack's
 * 3 seconds; the answer follows through `respond`. The Web API client never retries by itself (the delivery
 * layer decides) and rejects rate-limited calls instead of waiting.
 */
export async function createSlackApp(opts: SlackAppOptions): Promise<SlackApp> {
  const logger = boltLogger(opts.logger);
  const clientOptions = {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    ...(opts.agent ? { agent: opts.agent } : {}),
  };
  const receiver = opts.appToken ? undefined : new ExpressReceiver({ signingSecret: opts.signingSecret, endpoints: '/slack/events', processBeforeResponse: false, logger });
  const app = new App({
    token: opts.botToken,
    logger,
    clientOptions,
    deferInitialization: true,
    ...(receiver ? { receiver } : { appToken: opts.appToken, socketMode: true }),
  });
  await app.init();

  app.command('/secnumcloud', async ({ command, ack, respond, client }) => {
    await ack();
    let reply: Reply;
    try {
      reply = await runCommand(unescapeSlack(command.text ?? ''), await invocation(client, command, opts.adminOnly), opts.deps);
    } catch (err) {
      opts.logger.error({ err: (err as Error).message, text: command.text }, 'slack command failed');
      reply = FAULT;
    }
    const message = toSlack(reply);
    await respond({ response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral', text: message.text, blocks: message.blocks as never });
    if (!reply.followUp) return;
    // The second part (`test`: whether its alert was posted) goes to the same response URL, as a new message.
    const next = await reply.followUp().catch((err: Error) => {
      opts.logger.error({ err: err.message }, 'slack command follow-up failed');
      return FAULT;
    });
    const second = toSlack(next);
    await respond({ response_type: next.visibility === 'channel' ? 'in_channel' : 'ephemeral', replace_original: false, text: second.text, blocks: second.blocks as never });
  });

  return {
    client: app.client,
    ...(receiver ? { receiver } : {}),
    start: async () => {
      if (!receiver) await app.start();
    },
    stop: async () => {
      if (!receiver) await app.stop();
    },
  };
}

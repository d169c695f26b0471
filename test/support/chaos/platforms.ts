/**
 * The platforms of a chaos run: the Slack and Discord emulators with seeded faults and a time scale, one Slack
 * workspace and one Discord guild holding the subscribed channels, and a webhook receiver with as many targets
 * (one path each); what they stored is read back as "which changes did each message carry". A webhook is at least
 * once: what it stored is its distinct idempotency keys, each counted once, in the order first kept.
 */
import { TARGET_WORKSPACE } from '../../../src/core/platforms.js';
import type { ChannelRef } from '../../../src/core/subscriptions.js';
import type { Target } from '../../../src/core/targets.js';
import { startFakeWebhook, type FakeWebhook } from '../../emulators/webhook/index.js';
import { startFakeDiscord, type FakeDiscord, type StoredMessage as DiscordMessage } from '../../emulators/discord/index.js';
import { startFakeSlack, type FakeSlack, type StoredMessage as SlackMessage } from '../../emulators/slack/index.js';
import { subSeed } from './options.js';

/** The faults the issue asks for: 20% 429s, 10% 500s, half of those after the message was stored (in doubt). */
export const FAULTS = { rate429: 0.2, rate500: 0.1, storeBefore500: 0.5 } as const;

export const SLACK_SIGNING_SECRET = 'chaos-signing-secret-0123456789';
export const GUILD_ID = '100000000000000077';

/** A message the platform stored in a channel, in the channel's order, as text to search and ids it carries. */
export interface StoredAlert {
  /** The platform's message id (Slack ts, Discord snowflake). */
  id: string;
  /** Everything a reader sees: Slack text and blocks, Discord content and embeds. */
  text: string;
  /** Delivery ids the message carries as data: Slack metadata, Discord nonce (mapped back by the caller). */
  refs: string[];
}

export interface ChaosPlatforms {
  slack: FakeSlack;
  discord: FakeDiscord;
  webhook: FakeWebhook;
  /** Slack channels first, then Discord's, then the webhook targets. */
  channels: ChannelRef[];
  /** Each webhook target's URL and secret, as `subscriptions add webhook` stores them. */
  targets: Array<{ channel: ChannelRef; target: Target }>;
  /** Seeded random faults on (the issue's rates) or off. */
  faults(on: boolean): void;
  /** The alerts stored in a channel, oldest first. */
  stored(channel: ChannelRef): StoredAlert[];
  /** The tracker's variables that point it at the emulators. */
  env(): Record<string, string>;
  /** What the emulators answered, per platform: posts, 429s, 500s, 500s after storing. */
  faultCounts(): Record<'slack' | 'discord' | 'webhook', { calls: number; posts: number; r429: number; r500: number; r500Stored: number }>;
  /**
   * The calls the tracker made about one channel, in arrival order (ms since `t0`): posts with what they carried
   * (the delivery id or nonce, the services named), Slack history look-ups, and how each was answered.
   */
  timeline(channel: ChannelRef, t0: number): string[];
  /** Date.now() of the last post the platform accepted in the channel (0 if none). */
  lastPostAt(channel: ChannelRef): number;
  close(): Promise<void>;
}

const slackChannelId = (i: number): string => `C0CHAOS${String(i).padStart(3, '0')}`;
const discordChannelId = (i: number): string => `2000000000000${String(i).padStart(5, '0')}`;

/** Every string that looks like a delivery id (dl…) anywhere in a metadata payload (a digest may carry a list). */
function deliveryRefs(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (/^d[lg][0-9a-f]{24}$/.test(value)) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) deliveryRefs(v, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deliveryRefs(v, out);
  }
  return out;
}

export async function startChaosPlatforms(opts: { seed: number; timeScale: number; channels: number }): Promise<ChaosPlatforms> {
  const [slack, discord, webhook] = await Promise.all([
    startFakeSlack({ seed: subSeed(opts.seed, 1), timeScale: opts.timeScale }),
    // Discord remembers a nonce for a few minutes of real time while the drains back off in real time: the window
    // is scaled back, or the time scale alone would make an in-doubt retry after a long backoff post twice.
    startFakeDiscord({ seed: subSeed(opts.seed, 2), timeScale: opts.timeScale, nonceWindowMs: 5 * 60_000 * opts.timeScale }),
    startFakeWebhook({ seed: subSeed(opts.seed, 3) }),
  ]);
  const channels: ChannelRef[] = [];
  for (let i = 1; i <= opts.channels; i++) {
    const id = slackChannelId(i);
    slack.addChannel({ id, name: `veille-${i}`, isMember: true });
    channels.push({ platform: 'slack', workspace: slack.teamId, channel: id });
  }
  const discordChannels = Array.from({ length: opts.channels }, (_, k) => ({ id: discordChannelId(k + 1), name: `veille-${k + 1}` }));
  discord.addGuild({ id: GUILD_ID, name: 'Chaos', channels: discordChannels });
  for (const c of discordChannels) channels.push({ platform: 'discord', workspace: GUILD_ID, channel: c.id });
  const base = `http://127.0.0.1:${webhook.port}`;
  const targets = Array.from({ length: opts.channels }, (_, k) => {
    const channel: ChannelRef = { platform: 'webhook', workspace: TARGET_WORKSPACE, channel: `hook-${k + 1}` };
    return { channel, target: { url: `${base}/t/${channel.channel}`, secret: webhook.secret } };
  });
  channels.push(...targets.map((t) => t.channel));
  const hookPath = (c: ChannelRef): string => `/t/${c.channel}`;
  const hookAlert = (m: { key: string; body: string }): StoredAlert => {
    const items = (JSON.parse(m.body) as { items: Array<{ deliveryId: string }> }).items;
    return { id: m.key, text: m.body, refs: items.map((i) => i.deliveryId) };
  };

  const cache = new WeakMap<object, StoredAlert>();
  const slackAlert = (m: SlackMessage): StoredAlert => {
    let a = cache.get(m);
    if (!a) {
      a = { id: m.ts, text: `${m.text}\n${JSON.stringify(m.blocks ?? [])}`, refs: deliveryRefs(m.metadata?.event_payload) };
      cache.set(m, a);
    }
    return a;
  };
  const discordAlert = (m: DiscordMessage): StoredAlert => {
    let a = cache.get(m);
    if (!a) {
      a = { id: m.id, text: `${m.content}\n${JSON.stringify(m.embeds)}`, refs: m.nonce === undefined ? [] : [`nonce:${String(m.nonce)}`] };
      cache.set(m, a);
    }
    return a;
  };

  const count = (records: ReadonlyArray<{ fault?: string; status?: number }>, posts: number) => ({
    calls: records.length,
    posts,
    r429: records.filter((r) => r.status === 429).length,
    r500: records.filter((r) => r.fault?.startsWith('500')).length,
    r500Stored: records.filter((r) => r.fault === '500-after-store').length,
  });

  return {
    slack,
    discord,
    webhook,
    channels,
    targets,
    faults(on) {
      slack.faults(on ? { ...FAULTS } : null);
      discord.faults(on ? { ...FAULTS } : null);
      webhook.faults(on ? { ...FAULTS } : null);
    },
    stored(channel) {
      if (channel.platform === 'webhook') return webhook.keptIn(hookPath(channel)).map(hookAlert);
      if (channel.platform === 'slack') return slack.messagesIn(channel.channel).filter((m) => m.user === slack.botUserId).map(slackAlert);
      return discord.messagesIn(channel.channel).filter((m) => m.type === 0 && (m.author as { id?: string }).id === discord.botUserId).map(discordAlert);
    },
    env: () => ({
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      WEBHOOKS_ENABLED: '1',
      // The receiver is on the loopback.
      WEBHOOK_ALLOW_PRIVATE: '1',
    }),
    faultCounts: () => ({
      slack: count(slack.calls, [...slack.messages.values()].reduce((n, l) => n + l.length, 0)),
      discord: count(discord.requests, [...discord.messages.values()].reduce((n, l) => n + l.length, 0)),
      webhook: count(webhook.requests, webhook.kept.size),
    }),
    timeline(channel, t0) {
      const at = (ms: number): string => `+${((ms - t0) / 1000).toFixed(2)}s`;
      const named = (v: unknown): string => [...JSON.stringify(v ?? '').matchAll(/Chaos service (\d{4})/g)].map((m) => Number(m[1])).join(',');
      if (channel.platform === 'webhook') {
        return webhook.requests
          .filter((r) => r.path === hookPath(channel))
          .map((r) => `${at(r.at)} POST key ${r.key ?? '?'} services [${named(r.body)}] → ${r.status}${r.fault ? ` (fault ${r.fault})` : ''}`);
      }
      if (channel.platform === 'slack') {
        return slack.calls
          .filter((c) => c.params.channel === channel.channel && c.method !== 'auth.test')
          .map((c) => {
            const payload = (c.params.metadata as { event_payload?: unknown } | undefined)?.event_payload;
            const what = c.method === 'chat.postMessage' ? ` ${deliveryRefs(payload).join(',')} services [${named([c.params.text, c.params.blocks])}]` : '';
            return `${at(c.at)} ${c.method}${what} → ${c.status ?? '?'}${c.error ? ` ${c.error}` : ''}${c.fault ? ` (fault ${c.fault})` : ''}`;
          });
      }
      return discord.requests
        .filter((r) => r.path === `/channels/${channel.channel}/messages`)
        .map((r) => {
          const body = (r.body ?? {}) as { nonce?: unknown; content?: unknown; embeds?: unknown };
          return `${at(r.at)} ${r.method} nonce ${String(body.nonce)} services [${named([body.content, body.embeds])}] → ${r.status ?? '?'}${r.fault ? ` (fault ${r.fault})` : ''}`;
        });
    },
    lastPostAt(channel) {
      if (channel.platform === 'webhook') return webhook.requests.filter((r) => r.path === hookPath(channel) && r.status === 200).at(-1)?.at ?? 0;
      const posts = channel.platform === 'slack'
        ? slack.calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === channel.channel && c.status === 200)
        : discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel.channel}/messages` && r.status === 200);
      return posts.at(-1)?.at ?? 0;
    },
    close: async () => {
      await Promise.all([slack.close(), discord.close(), webhook.close()]);
    },
  };
}

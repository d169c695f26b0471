/**
 * The two emulators with their published limits on, channels to deliver to, and a tally of what they accepted
 * (read incrementally from their records, so that polling it stays cheap with tens of thousands of calls).
 */
import type { ChannelRef } from '../../src/core/subscriptions.js';
import { startFakeDiscord, type FakeDiscord } from '../../test/emulators/discord/index.js';
import { startFakeSlack, type FakeSlack } from '../../test/emulators/slack/index.js';

export interface Platforms {
  slack: FakeSlack;
  discord: FakeDiscord;
  slackChannels: ChannelRef[];
  discordChannels: ChannelRef[];
  close(): Promise<void>;
}

/** Discord allows 500 channels per guild: channels are spread over guilds of that size. */
const PER_GUILD = 500;

const slackId = (i: number): string => `CB${i.toString(36).toUpperCase().padStart(7, '0')}`;
const discordGuildId = (g: number): string => String(410_000_000_000_000_000n + BigInt(g));
const discordChannelId = (i: number): string => String(420_000_000_000_000_000n + BigInt(i));

/** Both emulators, limits on (Slack: 1 post/s per channel, burst 3, tiers; Discord: 50/s global, 5 per 5 s per channel). */
export async function startPlatforms(slackCount: number, discordCount: number): Promise<Platforms> {
  const [slack, discord] = await Promise.all([startFakeSlack({ timeScale: 1 }), startFakeDiscord({ timeScale: 1, rateLimits: true })]);
  const slackChannels: ChannelRef[] = [];
  for (let i = 0; i < slackCount; i++) {
    const id = slackId(i);
    slack.addChannel({ id, name: `veille-${i}` });
    slackChannels.push({ platform: 'slack', workspace: slack.teamId, channel: id });
  }
  const discordChannels: ChannelRef[] = [];
  for (let g = 0; g * PER_GUILD < discordCount; g++) {
    const guild = discordGuildId(g);
    const ids = Array.from({ length: Math.min(PER_GUILD, discordCount - g * PER_GUILD) }, (_, k) => discordChannelId(g * PER_GUILD + k));
    discord.addGuild({ id: guild, name: `Veille ${g}`, channels: ids.map((id, k) => ({ id, name: `alertes-${k}` })) });
    for (const id of ids) discordChannels.push({ platform: 'discord', workspace: guild, channel: id });
  }
  return {
    slack, discord, slackChannels, discordChannels,
    close: async () => void (await Promise.all([slack.close(), discord.close()])),
  };
}

/** One message accepted by an emulator: when it arrived (the emulator's Date.now()) and where. */
export interface Accepted {
  at: number;
  channel: string;
}

/** What the emulators answered, counted from their records. */
export class Tally {
  readonly slack: Accepted[] = [];
  readonly discord: Accepted[] = [];
  /** chat.postMessage answered 429 (per-channel limit). */
  slack429 = 0;
  /** conversations.history calls (the search before re-posting after an attempt in doubt), and their 429s. */
  slackHistory = 0;
  slackHistory429 = 0;
  /** Other Slack errors, by code. */
  readonly slackErrors = new Map<string, number>();
  /** POST /channels/:id/messages answered 429 by the emulator (global or per channel: its records do not say). */
  discord429 = 0;
  readonly discordErrors = new Map<string, number>();
  private slackSeen = 0;
  private discordSeen = 0;

  constructor(private readonly p: Platforms) {}

  /** Reads the records added since the last call (a record is read once answered). */
  poll(): this {
    const calls = this.p.slack.calls;
    while (this.slackSeen < calls.length) {
      const c = calls[this.slackSeen]!;
      if (c.status === undefined) break;
      this.slackSeen++;
      if (c.method === 'conversations.history') {
        this.slackHistory++;
        if (c.status === 429) this.slackHistory429++;
      } else if (c.method === 'chat.postMessage') {
        if (c.status === 200 && c.error === undefined) this.slack.push({ at: c.at, channel: String(c.params.channel) });
        else if (c.status === 429) this.slack429++;
        else bump(this.slackErrors, c.error ?? `HTTP ${c.status}`);
      }
    }
    const requests = this.p.discord.requests;
    while (this.discordSeen < requests.length) {
      const r = requests[this.discordSeen]!;
      if (r.status === undefined) break;
      this.discordSeen++;
      if (r.route !== 'POST /channels/:id/messages') continue;
      if (r.status === 200) this.discord.push({ at: r.at, channel: r.path.split('/')[2] ?? '' });
      else if (r.status === 429) this.discord429++;
      else bump(this.discordErrors, `HTTP ${r.status}${r.code !== undefined ? ` (${r.code})` : ''}`);
    }
    return this;
  }
}

const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);

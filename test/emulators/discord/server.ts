/** The fake Discord: REST API v10 and gateway on one HTTP server. `startFakeDiscord()`. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults, type Behaviour, type RandomFaults } from './faults.js';
import { Gateway, type IdentifyRecord, type ResumeRecord } from './gateway.js';
import { serveRest, write } from './http.js';
import { buildInteraction, type InteractionSpec } from './interaction-payload.js';
import { ALL_PERMISSIONS, Directory, parseBits, type ChannelSpec, type GuildSpec, type MemberSpec } from './model.js';
import { apiChannel, apiMember, apiRole, apiUser, gatewayGuild, type StoredMessage } from './payloads.js';
import { RateLimiter } from './ratelimits.js';
import { Clock, shardOf } from './time.js';
import { World, type RecordedCallback, type RecordedDeploy, type RecordedFollowUp, type RecordedRequest } from './world.js';

export interface FakeDiscordOptions {
  /** Seed of the PRNG behind `faults()`. Default 1. */
  seed?: number;
  /** Emulated seconds per real second: rate-limit windows, the 3 s and 15 min interaction deadlines, the nonce window. Default 1. */
  timeScale?: number;
  /** HELLO's heartbeat interval in real ms. Default 41250 / timeScale. */
  heartbeatIntervalMs?: number;
  /** Per-route and global limits; `false` still sends the headers but never answers 429 by itself. Default true. */
  rateLimits?: boolean;
  /** The global limit per emulated second. Default 50. */
  globalPerSecond?: number;
  /** Privileged intents enabled for the application (GUILD_MEMBERS 1<<1, GUILD_PRESENCES 1<<8, MESSAGE_CONTENT 1<<15). Default none. */
  privilegedIntents?: number;
  /** Emulated ms during which `enforce_nonce` finds an earlier message with the same nonce. Default 5 minutes. */
  nonceWindowMs?: number;
}

/** A running fake Discord: guilds to set up, interactions to dispatch, what it recorded, faults to script. */
export interface FakeDiscord {
  /** `http://127.0.0.1:PORT/api`, for discord.js `rest: { api }` (it appends `/v10`). */
  readonly apiUrl: string;
  /** `ws://127.0.0.1:PORT/gateway`, as `GET /gateway/bot` answers it. */
  readonly gatewayUrl: string;
  /** The one valid bot token; anything else is 401 on REST and close 4004 on the gateway. */
  readonly token: string;
  readonly applicationId: string;
  /** The bot user's id (the application's id, as for any recent application). */
  readonly botUserId: string;
  /** Every REST request in arrival order, faulted ones included. */
  readonly requests: readonly RecordedRequest[];
  /** Messages per channel id, oldest first (the bot's messages and non-ephemeral interaction responses). */
  readonly messages: ReadonlyMap<string, readonly StoredMessage[]>;
  readonly callbacks: readonly RecordedCallback[];
  /** Follow-ups (`POST /webhooks/:app/:token`) and edits (`PATCH …/messages/…`) in arrival order. */
  readonly followUps: readonly RecordedFollowUp[];
  /** Command registrations (`PUT …/commands`) as sent. */
  readonly deploys: readonly RecordedDeploy[];
  /** IDENTIFY payloads (`d`) in arrival order, accepted or not. */
  readonly identifies: readonly IdentifyRecord[];
  readonly resumes: readonly ResumeRecord[];
  /** Heartbeats received (each answered with op 11). */
  readonly heartbeats: number;
  /** Adds a guild the bot is in (with its managed role and member); sends GUILD_CREATE to connected sessions. */
  addGuild(spec: GuildSpec): void;
  addChannel(guildId: string, spec: ChannelSpec): void;
  addMember(guildId: string, spec: MemberSpec): void;
  /**
   * Without a channel: the permissions of the bot's managed role. With one: a member overwrite for the bot that
   * allows `bits` and denies everything else there (an administrator keeps everything). Dispatches the update.
   */
  setBotPermissions(guildId: string, channelId: string | undefined, bits: string): void;
  /** The registered commands, global or of a guild. */
  commands(guildId?: string): Record<string, unknown>[];
  messagesIn(channelId: string): StoredMessage[];
  requestsTo(route: string): RecordedRequest[];
  /** Sends INTERACTION_CREATE to the session of the guild's shard; throws when no session would receive it. */
  dispatchInteraction(spec: InteractionSpec): { id: string; token: string };
  /** The first callback recorded for the interaction, whatever its status. */
  waitForCallback(interactionId: string, timeoutMs?: number): Promise<RecordedCallback>;
  /** The first accepted follow-up or edit made with the token. */
  waitForFollowUp(token: string, timeoutMs?: number): Promise<RecordedFollowUp>;
  waitForMessages(channelId: string, count: number, timeoutMs?: number): Promise<StoredMessage[]>;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** Whether a gateway session is identified and connected. */
  connected(): boolean;
  /** Sends op 7 RECONNECT: clients reconnect and RESUME, missed dispatches are replayed. */
  requestReconnect(): void;
  /** Moves the emulated clock forward (expire interaction tokens, nonce windows, rate-limit windows). */
  advanceTime(ms: number): void;
  /** Queues behaviours for a route key (e.g. `'POST /channels/:id/messages'`), one consumed per request. */
  script(route: string, behaviours: Behaviour[]): void;
  /** Random faults from the seeded PRNG; `null` turns them off. */
  faults(options: RandomFaults | null): void;
  close(): Promise<void>;
}

const APPLICATION_ID = '1300000000000000042';

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const clock = new Clock(opts.timeScale ?? 1);
  const token = `${Buffer.from(APPLICATION_ID).toString('base64url')}.GfAkE0.${'x'.repeat(20)}fake-discord-token`;
  const dir = new Directory(APPLICATION_ID, 'SecNumCloud Tracker');
  const w = new World(dir, clock, APPLICATION_ID, opts.nonceWindowMs ?? 5 * 60_000);
  const faults = new Faults(opts.seed ?? 1);
  const limiter = new RateLimiter(clock, opts.rateLimits ?? true, opts.globalPerSecond ?? 50);
  const guildsOn = ([id, count]: [number, number]) => [...dir.guilds.values()].filter((g) => shardOf(g.id, count) === id);
  let gatewayUrl = '';
  const gateway = new Gateway({
    token, heartbeatIntervalMs: opts.heartbeatIntervalMs ?? Math.round(41_250 / clock.timeScale), privilegedIntents: opts.privilegedIntents ?? 0,
    changed: () => w.changed(),
    guildCreates: (shard) => guildsOn(shard).map((g) => gatewayGuild(dir, g)),
    ready: (s) => ({
      v: 10, user_settings: {}, user: { ...apiUser(dir.users.get(APPLICATION_ID), APPLICATION_ID), verified: true, mfa_enabled: false, email: null },
      guilds: guildsOn(s.shard).map((g) => ({ id: g.id, unavailable: true })), guild_join_requests: [], relationships: [],
      private_channels: [], presences: [], session_id: s.id, session_type: 'normal', resume_gateway_url: gatewayUrl, shard: s.shard,
      application: { id: APPLICATION_ID, flags: 1 << 23 }, auth: {}, geo_ordered_rtc_regions: ['rotterdam', 'madrid'],
      _trace: ['["gateway-prd-fake-1",{"micros":0}]'],
    }),
  });
  w.dispatch = (t, d, guildId, intent) => void gateway.dispatch(t, d, guildId, intent);

  const server = createServer((req, res) => {
    const fail = (err: unknown): void => write(res, { status: 500, body: { message: `fake discord: ${String(err)}`, code: 0 } });
    if ((req.url ?? '').startsWith('/api')) {
      void serveRest({ w, faults, limiter, clock, token, gatewayUrl, sessionsStarted: () => gateway.sessionsStarted }, req, res).catch(fail);
    } else write(res, { status: 404, body: { message: '404: Not Found', code: 0 } });
  });
  server.on('upgrade', (req, socket, head: Buffer) => {
    if (!gateway.upgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  const first = async <T>(list: readonly T[], pick: (x: T) => boolean, timeoutMs: number, what: string): Promise<T> => {
    await w.waitFor(() => list.some(pick), timeoutMs, what);
    return list.find(pick) as T;
  };
  return {
    apiUrl: `http://127.0.0.1:${port}/api`, gatewayUrl, token, applicationId: APPLICATION_ID, botUserId: APPLICATION_ID,
    requests: w.requests, messages: w.messages, callbacks: w.callbacks, followUps: w.followUps, deploys: w.deploys,
    identifies: gateway.identifies, resumes: gateway.resumes,
    get heartbeats() { return gateway.heartbeats; },
    addGuild(spec) {
      const g = dir.addGuild(spec);
      w.dispatch('GUILD_CREATE', gatewayGuild(dir, g), g.id, 1);
    },
    addChannel(guildId, spec) {
      w.dispatch('CHANNEL_CREATE', apiChannel(dir.addChannel(guildId, spec)), guildId, 1);
    },
    addMember(guildId, spec) {
      w.dispatch('GUILD_MEMBER_ADD', { ...apiMember(dir, dir.addMember(guildId, spec)), guild_id: guildId }, guildId, 1 << 1);
    },
    setBotPermissions(guildId, channelId, bits) {
      const guild = dir.guild(guildId);
      const value = parseBits(bits, 'bot permissions');
      if (channelId === undefined) {
        const role = guild.roles.get(guild.botRoleId);
        if (role) role.permissions = value;
        if (role) w.dispatch('GUILD_ROLE_UPDATE', { guild_id: guildId, role: apiRole(role) }, guildId, 1);
        return;
      }
      const channel = guild.channels.get(channelId);
      if (!channel) throw new Error(`fake discord: guild ${guildId} has no channel ${channelId}`);
      channel.overwrites.set(APPLICATION_ID, { id: APPLICATION_ID, type: 1, allow: value, deny: ALL_PERMISSIONS & ~value });
      w.dispatch('CHANNEL_UPDATE', apiChannel(channel), guildId, 1);
    },
    commands: (guildId) => [...(w.commands.get(guildId ?? '')?.values() ?? [])],
    messagesIn: (channelId) => w.messages.get(channelId) ?? [],
    requestsTo: (route) => w.requests.filter((r) => r.route === route),
    dispatchInteraction(spec) {
      const { state, payload } = buildInteraction(w, spec);
      if (gateway.dispatch('INTERACTION_CREATE', payload, spec.guildId, 0) === 0) {
        w.interactions.delete(state.id);
        throw new Error(`fake discord: no gateway session receives guild ${spec.guildId}; log a client in first`);
      }
      return { id: state.id, token: state.token };
    },
    waitForCallback: (id, timeoutMs = 5000) => first(w.callbacks, (c) => c.interactionId === id, timeoutMs, `a callback to interaction ${id}`),
    waitForFollowUp: (tok, timeoutMs = 5000) => first(w.followUps, (f) => f.token === tok && f.status < 300, timeoutMs, 'a follow-up'),
    async waitForMessages(channelId, count, timeoutMs = 5000) {
      await w.waitFor(() => (w.messages.get(channelId)?.length ?? 0) >= count, timeoutMs, `${count} message(s) in ${channelId}`);
      return w.messages.get(channelId) ?? [];
    },
    waitFor: (predicate, timeoutMs = 5000) => w.waitFor(predicate, timeoutMs),
    connected: () => gateway.connected(),
    requestReconnect: () => gateway.requestReconnect(),
    advanceTime: (ms) => clock.advance(ms),
    script: (route, behaviours) => faults.script(route, behaviours),
    faults: (options) => faults.setRandom(options),
    close: () => new Promise<void>((resolve) => {
      gateway.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

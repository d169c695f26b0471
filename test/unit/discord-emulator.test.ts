import { Client, DiscordAPIError, GatewayIntentBits, HTTPError, PermissionFlagsBits as P, RateLimitError, Routes, type TextChannel } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loginClient, onInteraction, restFor as rest, startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../emulators/discord/index.js';

const GUILD = '1100000000000000001';
const ALERTS = '1200000000000000001';
const HIDDEN = '1200000000000000002';
const READONLY = '1200000000000000003';
const OPS = '1150000000000000001';
const ALICE = '1400000000000000001';
const EVERYONE = P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.UseApplicationCommands;

const fakes: FakeDiscord[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function setup(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = await startFakeDiscord({ heartbeatIntervalMs: 200, ...opts });
  fakes.push(fake);
  fake.addGuild({
    id: GUILD, name: 'Veille SecNumCloud', preferredLocale: 'fr',
    channels: [{ id: ALERTS, name: 'alertes', type: 0 }, { id: HIDDEN, name: 'prive', type: 0 }, { id: READONLY, name: 'annonces', type: 0 }],
    roles: [{ id: GUILD, name: '@everyone', permissions: String(EVERYONE) }, { id: OPS, name: 'ops', permissions: String(P.ManageGuild) }],
  });
  fake.addMember(GUILD, { userId: ALICE, username: 'alice', roles: [OPS] });
  fake.setBotPermissions(GUILD, HIDDEN, '0');
  fake.setBotPermissions(GUILD, READONLY, String(P.ViewChannel | P.ReadMessageHistory));
  return fake;
}

async function login(fake: FakeDiscord): Promise<Client> {
  const client = await loginClient(fake);
  clients.push(client);
  return client;
}

async function failure(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the request to fail');
}

const status = { guildId: GUILD, channelId: ALERTS, userId: ALICE, name: 'secnumcloud', subcommand: 'status' } as const;

describe('fake Discord gateway, driven by a real discord.js Client', () => {
  it('logs in, caches the guild with its channels and the bot member, heartbeats, sends, and destroys cleanly', async () => {
    const fake = await setup();
    const client = await login(fake);
    expect(client.user?.id).toBe(fake.botUserId);
    const guild = client.guilds.cache.get(GUILD);
    expect(guild).toMatchObject({ name: 'Veille SecNumCloud', preferredLocale: 'fr' });
    expect(guild?.channels.cache.get(ALERTS)?.name).toBe('alertes');
    expect(guild?.members.me?.permissionsIn(ALERTS).has(P.SendMessages | P.EmbedLinks)).toBe(true);
    expect(guild?.members.me?.permissionsIn(READONLY).has(P.SendMessages)).toBe(false);
    expect(fake.identifies).toEqual([expect.objectContaining({ token: fake.token, intents: 1, shard: [0, 1] })]);

    const sent = await (guild?.channels.cache.get(ALERTS) as TextChannel).send({ content: 'Cegedim renewed', nonce: 'd-1', enforceNonce: true });
    expect(fake.messagesIn(ALERTS)).toEqual([expect.objectContaining({ id: sent.id, content: 'Cegedim renewed', nonce: 'd-1', enforce_nonce: true })]);

    await fake.waitFor(() => fake.heartbeats >= 2);
    expect(client.ws.ping).toBeGreaterThanOrEqual(0);
    await client.destroy();
    await fake.waitFor(() => !fake.connected());
    expect(fake.requests.map((r) => r.route)).toEqual(['GET /gateway/bot', 'POST /channels/:id/messages']);
  });

  it('delivers a chat-input interaction; deferReply then editReply are a type 5 callback and a PATCH of @original', async () => {
    const fake = await setup();
    const client = await login(fake);
    const seen: Record<string, unknown> = {};
    const handler = onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      Object.assign(seen, {
        command: i.commandName, sub: i.options.getSubcommand(), provider: i.options.getString('provider'), days: i.options.getInteger('days'),
        manage: i.memberPermissions?.has(P.ManageGuild), embed: i.appPermissions.has(P.EmbedLinks), guildLocale: i.guildLocale, locale: i.locale,
      });
      await i.deferReply();
      await i.editReply({ embeds: [{ title: 'Cegedim', description: 'Qualifiée jusqu’au 2027-12-04' }] });
    });
    const { id, token } = fake.dispatchInteraction({
      ...status, options: [{ name: 'provider', type: 3, value: 'Cegedim' }, { name: 'days', type: 4, value: 30 }],
      memberPermissions: String(P.ManageGuild | P.ViewChannel), appPermissions: String(P.ViewChannel | P.SendMessages | P.EmbedLinks), locale: 'fr',
    });
    const cb = await fake.waitForCallback(id);
    expect(cb).toMatchObject({ type: 5, status: 204 });
    expect(cb.elapsedMs).toBeLessThan(3000);
    expect(await fake.waitForFollowUp(token)).toMatchObject({ kind: 'edit', messageId: '@original', status: 200 });
    expect(handler.error).toBeUndefined();
    expect(seen).toEqual({ command: 'secnumcloud', sub: 'status', provider: 'Cegedim', days: 30, manage: true, embed: true, guildLocale: 'fr', locale: 'fr' });
    expect(fake.messagesIn(ALERTS)).toEqual([expect.objectContaining({
      type: 20, flags: 0, content: '', embeds: [{ type: 'rich', title: 'Cegedim', description: 'Qualifiée jusqu’au 2027-12-04' }],
      interaction_metadata: expect.objectContaining({ id, name: 'secnumcloud' }),
    })]);
  });

  it('records an autocomplete respond() as a type 8 callback with its choices', async () => {
    const fake = await setup();
    const client = await login(fake);
    let focused: unknown;
    const handler = onInteraction(client, async (i) => {
      if (!i.isAutocomplete()) return;
      focused = i.options.getFocused(true);
      await i.respond([{ name: 'Cegedim', value: 'cegedim' }]);
    });
    const { id } = fake.dispatchInteraction({ ...status, type: 4, options: [{ name: 'provider', type: 3, value: 'ceg', focused: true }] });
    expect(await fake.waitForCallback(id)).toMatchObject({ type: 8, status: 204, data: { choices: [{ name: 'Cegedim', value: 'cegedim' }] } });
    expect(handler.error).toBeUndefined();
    expect(focused).toMatchObject({ name: 'provider', value: 'ceg' });
  });

  it('refuses a callback after 3 s (10062) or a second one (40060), and edits once the 15-minute token expired (50027)', async () => {
    const fake = await setup();
    await login(fake);
    const r = rest(fake);
    const late = fake.dispatchInteraction(status);
    fake.advanceTime(3001);
    const e1 = await failure(r.post(Routes.interactionCallback(late.id, late.token), { body: { type: 5 }, auth: false }));
    expect(e1).toBeInstanceOf(DiscordAPIError);
    expect(e1).toMatchObject({ code: 10062, status: 404 });

    const it2 = fake.dispatchInteraction(status);
    await r.post(Routes.interactionCallback(it2.id, it2.token), { body: { type: 4, data: { content: 'ok', flags: 64 } }, auth: false });
    expect(await failure(r.post(Routes.interactionCallback(it2.id, it2.token), { body: { type: 4, data: { content: 'again' } }, auth: false })))
      .toMatchObject({ code: 40060, status: 400 });
    expect(fake.messagesIn(ALERTS)).toEqual([]); // ephemeral
    await r.post(Routes.webhook(fake.applicationId, it2.token), { body: { content: 'more' }, auth: false, query: new URLSearchParams({ wait: 'true' }) });
    fake.advanceTime(15 * 60_000);
    expect(await failure(r.patch(Routes.webhookMessage(fake.applicationId, it2.token), { body: { content: 'late' }, auth: false })))
      .toMatchObject({ code: 50027, status: 401 });
    expect(fake.callbacks.map((c) => [c.status, c.code])).toEqual([[404, 10062], [204, undefined], [400, 40060]]);
  });

  it('resumes after op 7 RECONNECT without identifying again, and still delivers interactions', async () => {
    const fake = await setup();
    const client = await login(fake);
    let replied: string | undefined;
    const handler = onInteraction(client, async (i) => {
      if (i.isChatInputCommand()) replied = (await i.reply({ content: 'pong', withResponse: true })).resource?.message?.content;
    });
    fake.requestReconnect();
    await fake.waitFor(() => fake.resumes.some((r) => r.accepted) && fake.connected());
    const { id } = fake.dispatchInteraction(status);
    expect(await fake.waitForCallback(id)).toMatchObject({ type: 4, status: 200, withResponse: true, data: { content: 'pong' } });
    await fake.waitFor(() => replied !== undefined || handler.error !== undefined);
    expect(handler.error).toBeUndefined();
    expect(replied).toBe('pong');
    expect(fake.identifies).toHaveLength(1);
  });

  it('closes the gateway with 4004 for a bad token and 4014 for a privileged intent not enabled', async () => {
    const fake = await setup();
    const closeCode = (d: Record<string, unknown>): Promise<number> => new Promise((resolve) => {
      const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
      ws.on('message', (m: Buffer) => {
        if ((JSON.parse(m.toString()) as { op: number }).op === 10) ws.send(JSON.stringify({ op: 2, d: { properties: {}, shard: [0, 1], ...d } }));
      });
      ws.on('close', (code) => resolve(code));
    });
    expect(await closeCode({ token: 'wrong', intents: 1 })).toBe(4004);
    expect(await closeCode({ token: fake.token, intents: 1 | (1 << 15) })).toBe(4014);
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    clients.push(client);
    await expect(client.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
  });
});

describe('fake Discord REST, driven by @discordjs/rest', () => {
  it('stores one message for two sends with the same nonce and enforce_nonce, and answers the first one again', async () => {
    const fake = await setup();
    const r = rest(fake);
    const body = { content: 'Cegedim renewed', nonce: 'd-4f2a9c', enforce_nonce: true, allowed_mentions: { parse: [] } };
    const first = (await r.post(Routes.channelMessages(ALERTS), { body })) as { id: string };
    const again = (await r.post(Routes.channelMessages(ALERTS), { body })) as { id: string };
    expect(again.id).toBe(first.id);
    expect(fake.messagesIn(ALERTS)).toEqual([expect.objectContaining({ id: first.id, nonce: 'd-4f2a9c', allowed_mentions: { parse: [] } })]);
    await r.post(Routes.channelMessages(ALERTS), { body: { ...body, enforce_nonce: false } });
    expect(fake.messagesIn(ALERTS)).toHaveLength(2);
    fake.advanceTime(5 * 60_000 + 1);
    await r.post(Routes.channelMessages(ALERTS), { body });
    expect(fake.messagesIn(ALERTS)).toHaveLength(3); // outside the nonce window, the nonce is free again
    expect(await failure(r.post(Routes.channelMessages(ALERTS), { body: { content: 'x', nonce: 'd-'.padEnd(26, '0') } })))
      .toMatchObject({ code: 50035, rawError: { errors: { nonce: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } });
  });

  it('answers the reads the bot makes: itself, its application, channels, guilds, members, and delays on request', async () => {
    const fake = await setup();
    const r = rest(fake);
    fake.script('GET /users/@me', [{ delayMs: 150 }]);
    const started = performance.now();
    expect(await r.get(Routes.user())).toMatchObject({ id: fake.botUserId, bot: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(await r.get(Routes.currentApplication())).toMatchObject({ id: fake.applicationId, bot: { id: fake.botUserId } });
    expect(await r.get(Routes.channel(ALERTS))).toMatchObject({ id: ALERTS, guild_id: GUILD, name: 'alertes', type: 0 });
    expect(await failure(r.get(Routes.channel(HIDDEN)))).toMatchObject({ code: 50001 });
    expect(await r.get(Routes.guild(GUILD), { query: new URLSearchParams({ with_counts: 'true' }) }))
      .toMatchObject({ id: GUILD, preferred_locale: 'fr', approximate_member_count: 2 });
    expect(await r.get(Routes.guildMember(GUILD, ALICE))).toMatchObject({ user: { id: ALICE, username: 'alice' }, roles: [OPS] });
    expect(await failure(r.get(Routes.guildMember(GUILD, '1499999999999999999')))).toMatchObject({ code: 10007 });
    expect(await failure(r.get(Routes.guild('1199999999999999999')))).toMatchObject({ code: 10004 });
    expect(await failure(rest(fake, 'nope').get(Routes.user()))).toMatchObject({ status: 401, code: 0 });
  });

  it('answers 10003, 50001, 50013 and form errors as DiscordAPIError with Discord codes', async () => {
    const fake = await setup();
    const r = rest(fake);
    const post = (channel: string, body: Record<string, unknown>) => failure(r.post(Routes.channelMessages(channel), { body }));
    expect(await post('1299999999999999999', { content: 'x' })).toMatchObject({ code: 10003, status: 404, message: 'Unknown Channel' });
    expect(await post(HIDDEN, { content: 'x' })).toMatchObject({ code: 50001, status: 403 });
    const denied = await post(READONLY, { content: 'x' });
    expect(denied).toBeInstanceOf(DiscordAPIError);
    expect(denied).toMatchObject({ code: 50013, status: 403 });
    expect(await post(ALERTS, {})).toMatchObject({ code: 50006 });
    const long = await post(ALERTS, { content: 'x'.repeat(2001), embeds: [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }] });
    expect(long).toMatchObject({
      code: 50035,
      rawError: { errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] }, embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } },
    });
    const fields = Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    expect(await post(ALERTS, { embeds: [{ title: 't'.repeat(257), fields }] })).toMatchObject({
      rawError: { errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] }, fields: { _errors: [expect.anything()] } } } } },
    });
    fake.script('POST /channels/:id/messages', [{ code: 10003 }]);
    expect(await post(ALERTS, { content: 'x' })).toMatchObject({ code: 10003 });
    expect(fake.messagesIn(ALERTS)).toEqual([]);
  });

  it('surfaces scripted 429s as RateLimitError with retryAfter and global, and a 500 after storing as HTTPError', async () => {
    const fake = await setup();
    fake.script('POST /channels/:id/messages', [{ status: 429, retryAfter: 2.5 }, { status: 500, afterStore: true }]);
    const body = { content: 'x', nonce: 'd-77', enforce_nonce: true };
    const limited = await failure(rest(fake).post(Routes.channelMessages(ALERTS), { body }));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ global: false, scope: 'user' });
    expect(limited.retryAfter).toBeGreaterThanOrEqual(2500);
    const doubt = await failure(rest(fake).post(Routes.channelMessages(ALERTS), { body }));
    expect(doubt).toBeInstanceOf(HTTPError);
    expect(doubt).toMatchObject({ status: 500 });
    const [stored] = await fake.waitForMessages(ALERTS, 1);
    expect(((await rest(fake).post(Routes.channelMessages(ALERTS), { body })) as { id: string }).id).toBe(stored?.id);
    expect(fake.messagesIn(ALERTS)).toHaveLength(1);

    fake.script('GET /users/@me', [{ status: 429, retryAfter: 1, global: true }]);
    const global = await failure(rest(fake).get(Routes.user()));
    expect(global).toBeInstanceOf(RateLimitError);
    expect(global).toMatchObject({ global: true, scope: 'global' });
    expect(fake.requests.map((q) => q.fault).filter(Boolean)).toEqual(['429', '500-after-store', '429-global']);
  });

  it('limits posts to 5 per 5 s per channel and 50 requests per second overall, with Discord headers', async () => {
    const fake = await setup({ globalPerSecond: 7 });
    const post = (channel: string) => fetch(`${fake.apiUrl}/v10/channels/${channel}/messages`, {
      method: 'POST', headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ content: 'x' }),
    });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await post(ALERTS));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers[4]?.headers.get('x-ratelimit-remaining')).toBe('0');
    const last = answers[5];
    expect(last?.headers.get('x-ratelimit-limit')).toBe('5');
    expect(last?.headers.get('x-ratelimit-scope')).toBe('user');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await last?.json()).toMatchObject({ message: 'You are being rate limited.', global: false, retry_after: expect.any(Number) });
    expect((await post(READONLY)).status).toBe(403); // another channel, another bucket; the 7th request this second
    const global = await post(READONLY);
    expect(global.status).toBe(429);
    expect(global.headers.get('x-ratelimit-global')).toBe('true');
    fake.advanceTime(5000);
    expect((await post(ALERTS)).status).toBe(200);
  });

  it('registers command definitions with stable ids, and dispatched interactions carry the command id', async () => {
    const fake = await setup();
    const r = rest(fake);
    const defs = [{ name: 'secnumcloud', description: 'Qualifications SecNumCloud', options: [{ type: 1, name: 'status', description: 'Statut' }] }];
    const [created] = (await r.put(Routes.applicationGuildCommands(fake.applicationId, GUILD), { body: defs })) as { id: string }[];
    const [again] = (await r.put(Routes.applicationGuildCommands(fake.applicationId, GUILD), { body: defs })) as { id: string }[];
    expect(again?.id).toBe(created?.id);
    expect(await r.get(Routes.applicationGuildCommands(fake.applicationId, GUILD))).toEqual([expect.objectContaining({ id: created?.id, guild_id: GUILD })]);
    expect(await failure(r.put(Routes.applicationCommands(fake.applicationId), { body: [{ name: 'SecNumCloud', description: 'x' }] })))
      .toMatchObject({ code: 50035 });
    expect(fake.deploys.map((d) => d.status)).toEqual([200, 200, 400]);
    const client = await login(fake);
    let commandId: string | undefined;
    onInteraction(client, async (i) => {
      if (i.isChatInputCommand()) commandId = i.commandId;
    });
    fake.dispatchInteraction(status);
    await fake.waitFor(() => commandId !== undefined);
    expect(commandId).toBe(created?.id);
  });

  it('draws the same random faults for the same seed', async () => {
    const run = async (): Promise<(string | undefined)[]> => {
      const fake = await setup({ seed: 7, rateLimits: false });
      fake.faults({ rate429: 0.2, rate500: 0.3, storeBefore500: 0.5 });
      for (let i = 0; i < 20; i++) await rest(fake).post(Routes.channelMessages(ALERTS), { body: { content: `m${i}` } }).catch(() => undefined);
      return fake.requests.map((q) => q.fault);
    };
    const faults = await run();
    expect(faults.filter(Boolean).length).toBeGreaterThan(3);
    expect(await run()).toEqual(faults);
  });
});

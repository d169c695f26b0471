/**
 * A channel's first minutes on Discord (issue 17), against the Discord emulator: the invite URL and command
 * definition of `discord:deploy`, `test`, pause/resume, type: filters, what a subscription would have sent, and an
 * export taken before the upgrade. The bot role answers from the start; the worker role starts only after `test`
 * was asked for, so the test alert waits in the channel's outbox ahead of the real delivery of the change it shows.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord, type StoredMessage } from '../emulators/discord/index.js';
import { getEdition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { checkAndCommit, LEGACY_EXPORT, startRole, type CheckedEvent, type RoleProcess } from '../support/tracker-roles.js';

const GUILD = '100000000000000001';
const OPEN = '200000000000000001';
const IAAS = '200000000000000002';
const PAUSED = '200000000000000003';
const MUTE = '200000000000000004'; // the bot may see it, not post in it
const CUMULUS = '200000000000000005';
const LEGACY = '200000000000000009'; // the Discord channel of the export taken before the upgrade
const USER = '300000000000000001';
const MANAGE_CHANNELS = String(1n << 4n);
const READ_ONLY = String(1n << 10n);
/** View Channel, Send Messages, Embed Links: what the bot needs, and all it asks for. */
const BOT_NEEDS = (1n << 10n) | (1n << 11n) | (1n << 14n);

let discord: FakeDiscord;
let server: FixtureServer;
let dir: string;
let deploy: CliResult;
let bot: RoleProcess | undefined;
let worker: RoleProcess | undefined;
let changes: CheckedEvent[] = [];

const env = (): NodeJS.ProcessEnv => ({
  DATA_DIR: join(dir, 'data'), SOURCES_FILE: join(dir, 'sources.json'), REDIS_URL: '',
  DISCORD_TOKEN: discord.token, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_URL: discord.apiUrl,
  DISCORD_GUILD_ID: GUILD, HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_FORMAT: 'json',
});

type Option = { name: string; type: number; value: string | number };
/** `/secnumcloud <sub>` through the real client; the first answer's text, and the interaction's token for follow-ups. */
async function slash(subcommand: string, channelId: string, options: Option[] = [], perms = MANAGE_CHANNELS) {
  const { id, token } = discord.dispatchInteraction({ guildId: GUILD, channelId, userId: USER, name: 'secnumcloud', subcommand, options, memberPermissions: perms });
  const callback = await discord.waitForCallback(id, 5000);
  expect(callback.status, `${subcommand}: ${JSON.stringify(callback)}`).toBeLessThan(300);
  const body = callback.type === 5 ? (await discord.waitForFollowUp(token, 15_000)).body : callback.data;
  return { token, text: JSON.stringify(body), ephemeral: (((callback.data as { flags?: number } | undefined)?.flags ?? 0) & 64) === 64 };
}
const followUps = (token: string) => discord.followUps.filter((f) => f.token === token && f.kind === 'followUp' && f.status < 300);
/** The bot's own messages in a channel: alerts, not interaction replies or follow-ups. */
const alertsIn = (channel: string): StoredMessage[] => discord.messagesIn(channel).filter((m) => m.type === 0 && !m.webhook_id);
const offerEvents = (): CheckedEvent[] => changes.filter((e) => e.offer && e.kind.startsWith('offer.'));
/** A test alert's mark, as Discord stores it (escapeMarkdown escapes the brackets; a reader sees "[Test]"). */
const TEST_MARK = /^\\\[Test\\\] /;

beforeAll(async () => {
  [discord, server] = await Promise.all([startFakeDiscord({ heartbeatIntervalMs: 500 }), startFixtureServer({})]);
  const channels = [[OPEN, 'alertes'], [IAAS, 'iaas'], [PAUSED, 'en-pause'], [MUTE, 'muet'], [CUMULUS, 'cumulus'], [LEGACY, 'ancien']].map(([id, name]) => ({ id: id!, name: name! }));
  discord.addGuild({ id: GUILD, name: 'Veille cloud', preferredLocale: 'fr', channels });
  discord.addMember(GUILD, { userId: USER, username: 'rssi' });
  discord.setBotPermissions(GUILD, MUTE, String(1n << 10n));
  dir = mkdtempSync(join(tmpdir(), 'first-minutes-discord-'));
  server.route('/catalogue.pdf', { body: (await getEdition('real')).bytes });
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [{ id: 'anssi-catalogue', kind: 'anssi-catalogue', url: `${server.url}/catalogue.pdf`, interval: '6h', settings: { lists: ['secnumcloud'] } }] }));
  deploy = await runCli(['discord-deploy'], env());
  expect(await checkAndCommit(env())).toEqual([]);
  const imported = await runCli(['subscriptions', 'import', LEGACY_EXPORT], env());
  expect(imported.code, imported.stderr).toBe(0);
  bot = await startRole('bot', env(), (log) => log.includes('discord bot connected'));
}, 90_000);

afterAll(async () => {
  await Promise.all([bot?.stop(), worker?.stop()]);
  await Promise.all([discord?.close(), server?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("a Discord channel's first minutes", () => {
  it('discord:deploy registers test, pause, resume and the type:/exclude: options, and prints the invite URL with exactly the permissions needed', () => {
    expect(deploy.code, deploy.stderr).toBe(0);
    const url = new URL(deploy.stdout.trim());
    expect(`${url.origin}${url.pathname}`).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe(discord.applicationId);
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(BigInt(url.searchParams.get('permissions')!)).toBe(BOT_NEEDS);
    expect(deploy.stderr).toContain('ViewChannel, SendMessages, EmbedLinks');
    const definition = JSON.stringify(discord.deploys.at(-1)!.definitions);
    for (const s of ['test', 'pause', 'resume', 'type', 'exclude']) expect(definition).toContain(`"name":"${s}"`);
  });

  it('refuses test where the bot cannot post (naming the permissions) and to a member without Manage Channels, posting nothing', async () => {
    const mute = await slash('test', MUTE);
    expect(mute.ephemeral).toBe(true);
    expect(mute.text).toContain('« Envoyer des messages » et « Intégrer des liens »');
    const member = await slash('test', OPEN, [], READ_ONLY);
    expect(member.text).toContain('Gérer les salons');
    await new Promise((r) => setTimeout(r, 1000));
    expect(alertsIn(MUTE)).toHaveLength(0);
    expect(alertsIn(OPEN)).toHaveLength(0);
    expect(discord.requestsTo('POST /channels/:id/messages')).toHaveLength(0);
  }, 30_000);

  it('subscribes with filters in words, says no change matches yet, and pauses a channel', async () => {
    expect((await slash('subscribe', OPEN, [{ name: 'topic', type: 3, value: 'qualifications' }])).text).toContain("Aucun changement enregistré jusqu'ici");
    const typed = await slash('subscribe', IAAS, [{ name: 'topic', type: 3, value: 'qualifications' }, { name: 'type', type: 3, value: 'IaaS' }]);
    expect(typed.text).toContain('uniquement les offres IaaS');
    // The type option autocompletes the last of several types.
    const { id } = discord.dispatchInteraction({ guildId: GUILD, channelId: IAAS, userId: USER, name: 'secnumcloud', subcommand: 'subscribe', type: 4, options: [{ name: 'type', type: 3, value: 'IaaS, p', focused: true }] });
    expect((await discord.waitForCallback(id)).data).toEqual({ choices: [{ name: 'IaaS, PaaS', value: 'IaaS, PaaS' }] });
    await slash('subscribe', PAUSED, [{ name: 'topic', type: 3, value: 'qualifications' }, { name: 'provider', type: 3, value: 'NumSpot' }]);
    const paused = await slash('pause', PAUSED);
    expect(paused.ephemeral).toBe(false);
    expect(paused.text).toContain('Alertes suspendues dans ce canal');
    expect((await slash('subscriptions', PAUSED, [], READ_ONLY)).text).toMatch(/En pause depuis le \d\d\/\d\d\/\d{4}/);
  }, 60_000);

  it('test posts one alert marked as a test, says so in a follow-up, and the real delivery of that change still comes once', async () => {
    server.route('/catalogue.pdf', { body: (await getEdition('syntheticOutline')).bytes });
    changes = await checkAndCommit(env());
    expect(offerEvents().length).toBeGreaterThan(2);
    const asked = await slash('test', OPEN);
    expect(asked.ephemeral).toBe(true);
    expect(asked.text).toContain('Elle montre le dernier changement que les abonnements de ce canal retiennent');
    worker = await startRole('worker', env(), (log) => log.includes('tracker started'));
    await discord.waitFor(() => followUps(asked.token).length >= 1, 40_000);
    expect(JSON.stringify(followUps(asked.token)[0]!.body)).toContain("L'alerte de test a été publiée dans ce canal.");

    await discord.waitFor(() => alertsIn(OPEN).length >= 1 + offerEvents().length, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    const [testAlert, ...real] = alertsIn(OPEN);
    expect(real).toHaveLength(offerEvents().length);
    expect(testAlert!.content).toMatch(TEST_MARK);
    expect(JSON.stringify(testAlert!.embeds)).toContain('Alerte de test');
    const same = real.filter((m) => m.content === testAlert!.content.replace(TEST_MARK, ''));
    expect(same).toHaveLength(1);
    expect(same[0]!.nonce).not.toBe(testAlert!.nonce);
    expect(real.filter((m) => TEST_MARK.test(m.content))).toHaveLength(0);
  }, 120_000);

  it('type:IaaS receives the IaaS qualifications and not the SaaS one', async () => {
    const iaas = offerEvents().filter((e) => e.offer!.types.includes('IaaS'));
    const others = offerEvents().filter((e) => !e.offer!.types.includes('IaaS'));
    expect(others.some((e) => e.offer!.types.join() === 'SaaS')).toBe(true);
    await discord.waitFor(() => alertsIn(IAAS).length >= iaas.length, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    const texts = alertsIn(IAAS).map((m) => m.content);
    expect(texts).toHaveLength(iaas.length);
    for (const e of iaas) expect(texts.some((t) => t.includes(e.offer!.service))).toBe(true);
    for (const e of others) expect(texts.some((t) => t.includes(e.offer!.service))).toBe(false);
  }, 60_000);

  it('pause, a change, resume: nothing posted, one change reported skipped, history pointed to', async () => {
    expect(offerEvents().filter((e) => e.offer!.provider === 'NumSpot')).toHaveLength(1);
    const resumed = await slash('resume', PAUSED);
    expect(resumed.text).toContain("1 changement n'a pas été publié pendant la pause");
    expect(resumed.text).toContain('/secnumcloud history');
    await new Promise((r) => setTimeout(r, 2000));
    expect(alertsIn(PAUSED)).toHaveLength(0);
  }, 30_000);

  it('subscribing shows the last changes the new subscription matches', async () => {
    const reply = await slash('subscribe', CUMULUS, [{ name: 'topic', type: 3, value: 'qualifications' }, { name: 'provider', type: 3, value: 'Cumulus Français' }]);
    expect(reply.text).toContain('Derniers changements qu’il aurait envoyés');
    const cumulus = offerEvents().filter((e) => e.offer!.provider === 'Cumulus Français');
    expect(cumulus).toHaveLength(3);
    for (const e of cumulus) expect(reply.text).toContain(e.offer!.service);
    expect(alertsIn(CUMULUS)).toHaveLength(0);
  }, 30_000);

  it('an export taken before the upgrade was imported unchanged: same ids, same meaning, exported back the same', async () => {
    const legacy = await slash('subscriptions', LEGACY, [], READ_ONLY);
    for (const id of ['s08272e', 'sfedf29']) expect(legacy.text).toContain(id);
    await discord.waitFor(() => alertsIn(LEGACY).length >= offerEvents().length, 30_000);
    const exported = await runCli(['subscriptions', 'export'], env());
    const fixture = JSON.parse(readFileSync(LEGACY_EXPORT, 'utf8')) as { channels: Array<{ channel: string }> };
    const now = JSON.parse(exported.stdout) as { channels: Array<{ channel: string }> };
    for (const c of fixture.channels) expect(now.channels.find((x) => x.channel === c.channel)).toEqual(c);
  }, 60_000);

  it('allows one test a minute per channel', async () => {
    const again = await slash('test', OPEN);
    expect(again.text).toMatch(/Une alerte de test a été envoyée ici il y a moins d'une minute : réessayez dans \d+ s\./);
    await new Promise((r) => setTimeout(r, 1500));
    expect(alertsIn(OPEN).filter((m) => TEST_MARK.test(m.content))).toHaveLength(1);
  }, 30_000);
});

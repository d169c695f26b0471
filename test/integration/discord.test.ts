import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../emulators/discord/index.js';
import { getEdition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { ROOT, runCli } from '../support/run-cli.js';

const GUILD = '100000000000000001';
const OPEN = '200000000000000001';
const CLOSED = '200000000000000002';
const LATER = '200000000000000003';
const USER = '300000000000000001';
const MANAGE_CHANNELS = String(1n << 4n);
const READ_ONLY = String(1n << 10n); // View Channels, without Manage Channels

let discord: FakeDiscord;
let server: FixtureServer;
let dir: string;
let tracker: ChildProcess;
let stderr = '';

function env(): NodeJS.ProcessEnv {
  return {
    DATA_DIR: join(dir, 'data'), SOURCES_FILE: join(dir, 'sources.json'), REDIS_URL: '',
    DISCORD_TOKEN: discord.token, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: GUILD, HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_FORMAT: 'json',
  };
}

/** Runs /secnumcloud <sub> as a member, through the real client; returns the callback and what the user saw. */
async function slash(subcommand: string, options: Array<{ name: string; type: number; value: string | number }> = [], perms = MANAGE_CHANNELS, channelId = OPEN) {
  const { id, token } = discord.dispatchInteraction({ guildId: GUILD, channelId, userId: USER, name: 'secnumcloud', subcommand, options, memberPermissions: perms });
  const callback = await discord.waitForCallback(id, 5000);
  expect(callback.status, `${subcommand}: ${JSON.stringify(callback)}`).toBeLessThan(300);
  expect(callback.elapsedMs).toBeLessThan(3000);
  const body = callback.type === 5 ? (await discord.waitForFollowUp(token, 15_000)).body : callback.data;
  return { callback, text: JSON.stringify(body), ephemeral: ((callback.data as { flags?: number } | undefined)?.flags ?? 0) & 64 };
}

beforeAll(async () => {
  [discord, server] = await Promise.all([startFakeDiscord({ heartbeatIntervalMs: 500 }), startFixtureServer({})]);
  discord.addGuild({ id: GUILD, name: 'Veille cloud', preferredLocale: 'fr', channels: [{ id: OPEN, name: 'alertes' }, { id: CLOSED, name: 'fermé' }, { id: LATER, name: 'bientôt-fermé' }] });
  discord.addMember(GUILD, { userId: USER, username: 'rssi' });
  discord.setBotPermissions(GUILD, CLOSED, String(1n << 10n)); // can see, cannot send
  dir = mkdtempSync(join(tmpdir(), 'discord-'));
  server.route('/catalogue.pdf', { body: (await getEdition('real')).bytes });
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [{ id: 'anssi-catalogue', kind: 'anssi-catalogue', url: `${server.url}/catalogue.pdf`, interval: '6h', settings: { lists: ['secnumcloud'] } }] }));
  const deploy = await runCli(['discord-deploy'], env());
  expect(deploy.code, deploy.stderr).toBe(0);
  tracker = spawn(process.execPath, ['dist/src/cli.js', 'start'], { cwd: ROOT, env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
  tracker.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 20_000;
  while (!stderr.includes('discord bot connected') || !stderr.includes('baseline stored, 16 offers')) {
    if (Date.now() > deadline) throw new Error(`tracker did not start:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 40_000);

afterAll(async () => {
  tracker?.kill('SIGTERM');
  await new Promise((r) => tracker?.once('exit', r));
  await Promise.all([discord.close(), server.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the Discord bot, against a fake Discord', () => {
  it('was registered once by discord:deploy, in the guild, with its subcommands', () => {
    expect(discord.deploys).toHaveLength(1);
    expect(discord.deploys[0]!.guildId).toBe(GUILD);
    const names = JSON.stringify(discord.deploys[0]!.definitions);
    for (const s of ['subscribe', 'subscriptions', 'unsubscribe', 'status', 'list', 'history', 'lang', 'help']) expect(names).toContain(`"${s}"`);
  });

  it('answers every subcommand, in French for a French guild, and enforces Manage Channels at run time', async () => {
    const help = await slash('help');
    expect(help.ephemeral).toBe(64);
    expect(help.text).toMatch(/abonn/i);
    const denied = await slash('subscribe', [], READ_ONLY);
    expect(denied.ephemeral).toBe(64);
    expect(denied.text).toMatch(/Gérer les salons/);
    const refusedHere = await slash('subscribe', [], MANAGE_CHANNELS, CLOSED);
    expect(refusedHere.text).toMatch(/Envoyer des messages/);
    const sub = await slash('subscribe', [{ name: 'topic', type: 3, value: 'qualifications' }]);
    expect(sub.text).toMatch(/s[0-9a-f]{6}/);
    await slash('subscribe', [{ name: 'topic', type: 3, value: 'all' }], MANAGE_CHANNELS, LATER);
    expect((await slash('subscriptions', [], READ_ONLY)).text).toMatch(/s[0-9a-f]{6}/);
    expect((await slash('status', [{ name: 'provider', type: 3, value: 'Cloud Temple' }], READ_ONLY)).text).toMatch(/PaaS Openshift/);
    expect((await slash('status', [], READ_ONLY)).text).toMatch(/16/);
    expect((await slash('list', [{ name: 'type', type: 3, value: 'PaaS' }], READ_ONLY)).text).toMatch(/Openshift/);
    expect((await slash('history', [{ name: 'count', type: 4, value: 5 }], READ_ONLY)).text).toBeTruthy();
    expect((await slash('lang', [], READ_ONLY)).text).toMatch(/fr/);
    const { id } = discord.dispatchInteraction({ guildId: GUILD, channelId: OPEN, userId: USER, name: 'secnumcloud', subcommand: 'status', type: 4, options: [{ name: 'provider', type: 3, value: 'clou', focused: true }] });
    const choices = JSON.stringify((await discord.waitForCallback(id)).data);
    expect(choices).toContain('Cloud Temple');
  }, 60_000);

  it('posts a new qualification once as an embed that mentions no one, and disables a channel it lost', async () => {
    discord.setBotPermissions(GUILD, LATER, '0'); // the bot loses access to a subscribed channel
    server.route('/catalogue.pdf', { body: (await getEdition('syntheticOutline')).bytes });
    // Counted before the change is stored: the running tracker posts while check is still printing.
    const before = discord.messagesIn(OPEN).filter((m) => m.type === 0).length;
    const check = await runCli(['check', '--commit'], env());
    expect(check.code, check.stderr).toBe(0);
    const expected = check.stdout.trim().split('\n').length;
    await discord.waitFor(() => discord.messagesIn(OPEN).filter((m) => m.type === 0).length >= before + expected, 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    const alerts = discord.messagesIn(OPEN).filter((m) => m.type === 0);
    expect(alerts).toHaveLength(before + expected);
    const numspot = alerts.find((m) => m.content.includes('NumSpot'))!;
    expect(numspot.content).toMatch(/^Nouvelle qualification SecNumCloud/);
    expect(numspot.content.split('\n')).toHaveLength(1);
    expect(numspot.embeds[0]).toMatchObject({ title: expect.stringMatching(/Nouvelle qualification/) });
    // Every message the bot sent, alerts and replies, forbids every mention.
    for (const m of alerts) expect(m.allowed_mentions).toEqual({ parse: [] });
    for (const c of discord.callbacks.filter((c) => c.type === 4)) expect((c.data as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    for (const f of discord.followUps) expect((f.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    await discord.waitFor(() => stderr.includes('its subscriptions are disabled'), 20_000);
    await new Promise((r) => setTimeout(r, 500));
    // The first refusal disables the channel; its other queued alerts fail without asking Discord again.
    expect(stderr.match(/its subscriptions are disabled/g)).toHaveLength(1);
    expect(discord.requestsTo(`POST /channels/:id/messages`).filter((r) => JSON.stringify(r).includes(LATER))).toHaveLength(1);
    expect(discord.messagesIn(LATER).filter((m) => m.type === 0)).toHaveLength(0);
    const after = await slash('subscriptions', [], READ_ONLY, LATER);
    expect(after.text).toMatch(/désactivé|disabled/i);
    // The operator's view: every delivery to the lost channel failed for good, with the reason.
    const failed = await runCli(['deliveries', 'failed'], env());
    expect(failed.code).toBe(0);
    const rows = failed.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^failed at \(UTC\)\s+channel\s+change\s+reason/);
    expect(rows.slice(1).length).toBeGreaterThan(0);
    for (const r of rows.slice(1)) expect(r).toMatch(new RegExp(`discord/${GUILD}/${LATER} .*missing access`));
  }, 60_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../emulators/discord/index.js';
import { postSlashCommand, startFakeSlack, type FakeSlack } from '../emulators/slack/index.js';
import { startFakeMatrix, type FakeMatrix } from '../emulators/matrix/index.js';
import { startFakeTeams, type FakeTeams } from '../emulators/teams/index.js';
import { startFakeWebhook, type FakeWebhook } from '../emulators/webhook/index.js';
import { startFakeSmtp, type FakeSmtp, type ReceivedMail } from '../emulators/smtp/index.js';
import { freePort } from '../../src/redis/free-port.js';
import { getEdition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { until } from '../support/until.js';

const SIGNING_SECRET = 'signing-secret-f3a9c1e07b';
const ADMIN_PASSWORD = 'admin-password-9d2e77c4';
const PROXY_PASSWORD = 'proxy-password-5b8e1f26';
const WEBHOOK_SECRET = 'webhook-secret-8e4c2a91d7';
const MATRIX_TOKEN = 'syt_matrix-token-1b7f3e9c55';
const ROOM = '!veille:agent.tchap.gouv.fr';
const SMTP_PASS = 'smtp-pass-7c1e93ab52';
const UNSUBSCRIBE_SECRET = 'unsubscribe-secret-2b9e4f71c3a85d06e1f7';
/** Personal data rather than a secret, but kept out of logs, metrics and job data all the same. */
const ADDRESS = 'rssi.veille@ministere.example.fr';
const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const USER = '300000000000000001';

let slack: FakeSlack;
let discord: FakeDiscord;
let hook: FakeWebhook;
let matrix: FakeMatrix;
let teams: FakeTeams;
const TEAMS_CHANNEL = 'teams-chan-4d9a7e';
let smtp: FakeSmtp;
let httpPort = 0;

let server: FixtureServer;
let dir: string;
let tracker: ChildProcess;
let appUrl = '';
/** Everything every process of the test printed: the tracker, and the commands run beside it. */
let output = '';

function env(): NodeJS.ProcessEnv {
  return {
    DATA_DIR: join(dir, 'data'),
    SOURCES_FILE: join(dir, 'sources.json'),
    REDIS_URL: '',
    HTTP_PORT: String(httpPort),
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'trace',
    LOG_FORMAT: 'json',
    DEBUG: '1',
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: GUILD,
    ADMIN_USER: 'ops',
    ADMIN_PASSWORD,
    // Configured, as on a public-sector network, but every address of the test is exempted: never dialled.
    HTTPS_PROXY: `http://proxyuser:${PROXY_PASSWORD}@127.0.0.1:9/`,
    HTTP_PROXY: `http://proxyuser:${PROXY_PASSWORD}@127.0.0.1:9/`,
    NO_PROXY: '127.0.0.1,localhost',
    // A webhook target on the loopback (allowed here): its URL (with a token in it) and secret are credentials too.
    WEBHOOKS_ENABLED: '1',
    WEBHOOK_ALLOW_PRIVATE: '1',
    MATRIX_HOMESERVER_URL: matrix.url,
    MATRIX_ACCESS_TOKEN: MATRIX_TOKEN,
    TEAMS_ENABLED: '1',
    // E-mail through a real SMTP server with a login; the unsubscribe links point at this tracker's web role.
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    SMTP_USER: smtp.user,
    SMTP_PASS,
    MAIL_FROM: 'Veille SecNumCloud <veille@tracker.example.fr>',
    PUBLIC_URL: `http://127.0.0.1:${httpPort}`,
    MAIL_UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET,
  };
}

const untilLogged = (what: string, ok: () => boolean, ms = 30_000): Promise<void> => until(what, ok, ms, () => output.slice(-3000));

async function cli(args: string[]): Promise<void> {
  const r = await runCli(args, env());
  output += r.stdout + r.stderr;
  expect(r.code, r.stderr).toBe(0);
}

beforeAll(async () => {
  [slack, discord, server, hook] = await Promise.all([startFakeSlack(), startFakeDiscord({ heartbeatIntervalMs: 500 }), startFixtureServer({}), startFakeWebhook({ secret: WEBHOOK_SECRET })]);
  matrix = await startFakeMatrix({ token: MATRIX_TOKEN });
  teams = await startFakeTeams();
  smtp = await startFakeSmtp({ pass: SMTP_PASS });
  httpPort = await freePort();
  matrix.joinRoom(ROOM);
  slack.addChannel({ id: 'C1', name: 'veille-cloud', isMember: true });
  slack.addUser({ id: 'U1', name: 'rssi' });
  discord.addGuild({ id: GUILD, name: 'Veille cloud', preferredLocale: 'fr', channels: [{ id: CHANNEL, name: 'alertes' }] });
  discord.addMember(GUILD, { userId: USER, username: 'rssi' });
  dir = mkdtempSync(join(tmpdir(), 'logs-redaction-'));
  server.route('/catalogue.pdf', { body: (await getEdition('real')).bytes });
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [{ id: 'anssi-catalogue', kind: 'anssi-catalogue', url: `${server.url}/catalogue.pdf`, interval: '6h', settings: { lists: ['secnumcloud'] } }] }));
  await cli(['discord-deploy']);
  await cli(['subscriptions', 'add', 'webhook', '--url', hook.url, '--name', 'soc', '--secret', WEBHOOK_SECRET, '--topics', 'qualifications']);
  await cli(['subscriptions', 'add', 'matrix', '--room', ROOM, '--topics', 'qualifications']);
  await cli(['subscriptions', 'add', 'teams', '--url', teams.urlFor(TEAMS_CHANNEL), '--name', 'dsi', '--topics', 'qualifications']);
  await cli(['subscriptions', 'add', 'email', '--address', ADDRESS, '--topics', 'qualifications', '--lang', 'fr']);
  tracker = spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', 'all'], { cwd: ROOT, env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
  tracker.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  tracker.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await untilLogged('the tracker', () => {
    const base = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"http server listening"/.exec(output)?.[1];
    appUrl = base ?? '';
    return appUrl !== '' && output.includes('discord bot connected') && output.includes('baseline stored, 16 offers');
  });
}, 60_000);

afterAll(async () => {
  if (tracker && tracker.exitCode === null) {
    tracker.kill('SIGTERM');
    await new Promise((r) => tracker.once('exit', r));
  }
  await Promise.all([slack?.close(), discord?.close(), server?.close(), hook?.close(), matrix?.close(), teams?.close(), smtp?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('logs at trace level, through a poll, slash commands, deliveries and the dashboard', () => {
  it('never show a token, the signing secret, the dashboard password or the proxy password, and did log', async () => {
    // Slash commands on both platforms: each subscribes its channel.
    const r = await postSlashCommand(`${appUrl}/slack/events`, SIGNING_SECRET, { text: 'subscribe qualifications', teamId: slack.teamId, channelId: 'C1', userId: 'U1', responseUrl: slack.responseUrl('r1') });
    expect(r.status).toBe(200);
    expect(JSON.stringify((await slack.waitForResponse('r1', 10_000)).body)).toMatch(/s[0-9a-f]{6}/);
    const { id, token } = discord.dispatchInteraction({ guildId: GUILD, channelId: CHANNEL, userId: USER, name: 'secnumcloud', subcommand: 'subscribe', options: [{ name: 'topic', type: 3, value: 'qualifications' }], memberPermissions: String(1n << 4n) });
    const callback = await discord.waitForCallback(id, 10_000);
    const reply = callback.type === 5 ? (await discord.waitForFollowUp(token, 15_000)).body : callback.data;
    expect(JSON.stringify(reply)).toMatch(/s[0-9a-f]{6}/);

    // The operations endpoints, the dashboard with its password.
    const auth = { authorization: `Basic ${Buffer.from(`ops:${ADMIN_PASSWORD}`).toString('base64')}` };
    expect((await fetch(`${appUrl}/admin/queues`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${appUrl}/admin/queues`, { headers: { authorization: 'Basic b3BzOndyb25n' } })).status).toBe(401);
    expect((await fetch(`${appUrl}/readyz`)).status).toBe(200);

    // A change, stored by a second process, delivered by the tracker to both channels.
    server.route('/catalogue.pdf', { body: (await getEdition('syntheticOutline')).bytes });
    await cli(['check', '--commit']);
    await untilLogged('the deliveries', () => slack.messagesIn('C1').length > 0 && discord.messagesIn(CHANNEL).some((m) => m.type === 0) && hook.kept.size > 0 && matrix.eventsIn(ROOM).length > 0 && teams.posted(TEAMS_CHANNEL).length > 0 && smtp.accepted().length > 0);
    expect(hook.requests.every((r) => r.signed)).toBe(true);
    const metrics = await (await fetch(`${appUrl}/metrics`)).text();
    expect(metrics).toMatch(/^secnumcloud_deliveries_total\{platform="webhook",outcome="sent"\} [1-9]/m);
    expect(metrics).toMatch(/^secnumcloud_deliveries_total\{platform="matrix",outcome="sent"\} [1-9]/m);
    expect(metrics).toMatch(/^secnumcloud_deliveries_total\{platform="teams",outcome="sent"\} [1-9]/m);
    expect(metrics).toMatch(/^secnumcloud_deliveries_total\{platform="email",outcome="sent"\} [1-9]/m);
    const mail: ReceivedMail = smtp.accepted()[0]!;
    expect(mail.to).toEqual([ADDRESS]);
    let shown = metrics;
    // What the queue dashboard shows of the webhook drains (their job data), and the commands that list and export.
    for (const queue of ['notify-webhook', 'notify-teams', 'notify-email']) {
      for (const status of ['latest', 'completed', 'failed', 'delayed']) {
        shown += await (await fetch(`${appUrl}/admin/queues/api/queues?activeQueue=${queue}&status=${status}&page=1&jobsPerPage=50`, { headers: auth })).text();
      }
    }
    for (const args of [['subscriptions', 'list'], ['subscriptions', 'export'], ['deliveries', 'failed']]) {
      const r = await runCli(args, env());
      shown += r.stdout + r.stderr;
    }
    expect(shown).toContain('"name":"notify-webhook"');
    expect(shown).toContain('"name":"notify-teams"');
    expect(shown).toContain('"name":"notify-email"');
    expect(shown).toMatch(/email-[0-9a-f]{10}/); // the dashboard shows the e-mail target by name

    // The unsubscribe link of the e-mail, served by this tracker's web role: GET shows a form and changes nothing,
    // a forged token is refused, POST (one-click) unsubscribes.
    const line = mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    const link = /<(http[^>]+)>/.exec(line.replace(/\r?\n[ \t]+/g, ''))?.[1] ?? '';
    expect(link.startsWith(`${appUrl}/email/unsubscribe?`)).toBe(true);
    const confirm = await fetch(link);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('<form method="post"');
    const forged = new URL(link);
    forged.searchParams.set('token', 'A'.repeat(43));
    expect((await fetch(forged, { method: 'POST' })).status).toBe(403);
    expect((await runCli(['subscriptions', 'list', '--platform', 'email'], env())).stdout).toMatch(/email-[0-9a-f]{10}/);
    const done = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(done.status).toBe(200);
    expect((await runCli(['subscriptions', 'list', '--platform', 'email'], env())).stderr).toContain('no subscription');
    // The address reaches what --with-secrets exports before the erase (so the check below can fail): shown by the mail itself here.
    expect(mail.raw).toContain(ADDRESS);
    // The URL's token does reach what --with-secrets exports (so the check below can fail), and nothing else.
    const withSecrets = (await runCli(['subscriptions', 'export', '--with-secrets'], env())).stdout;
    expect(withSecrets).toContain('s3cr3t-in-url');
    expect(withSecrets).toContain(`tok-${TEAMS_CHANNEL}`);
    expect(metrics).toMatch(/^secnumcloud_deliveries_total\{platform="slack",outcome="sent"\} [1-9]/m);
    expect(metrics).toMatch(/^secnumcloud_deliveries_total\{platform="discord",outcome="sent"\} [1-9]/m);
    expect(metrics).toMatch(/^secnumcloud_polls_total\{source="anssi-catalogue",outcome="baseline"\} 1$/m);

    tracker.kill('SIGTERM');
    const code = await new Promise((resolve) => tracker.once('exit', resolve));
    expect(code).toBe(0);

    // The log was written, as JSON records, at debug and trace level too: a silent logger would pass for clean.
    const records = output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; msg?: string });
    expect(records.length).toBeGreaterThan(20);
    expect(records.some((r) => r.level <= 20)).toBe(true);
    expect(output).toContain('tracker started');
    expect(output).toContain('fanned out');

    const secrets: Record<string, string> = {
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      DISCORD_TOKEN: discord.token,
      ADMIN_PASSWORD,
      'the dashboard credentials (base64)': Buffer.from(`ops:${ADMIN_PASSWORD}`).toString('base64'),
      'the proxy password': PROXY_PASSWORD,
      'the webhook secret': WEBHOOK_SECRET,
      "the token in the webhook's URL": 's3cr3t-in-url',
      MATRIX_ACCESS_TOKEN: MATRIX_TOKEN,
      "the token in the Teams URL": `tok-${TEAMS_CHANNEL}`,
      "the webhook URL's path and query": new URL(hook.url).pathname + new URL(hook.url).search,
      SMTP_PASS,
      MAIL_UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET,
      'the e-mail address': ADDRESS,
    };
    const everything = `${output}\n${shown}`;
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length).toBeGreaterThanOrEqual(8);
      const at = everything.indexOf(secret);
      expect(at, `${name} appears in the output: …${everything.slice(Math.max(0, at - 300), at + 100)}…`).toBe(-1);
      // A token cut short or split is still a leak: no 12-character piece of it either.
      for (let i = 0; i + 12 <= secret.length; i += 4) expect(everything.includes(secret.slice(i, i + 12)), `a piece of ${name}`).toBe(false);
    }
  }, 120_000);

  it('redact the configuration, the environment, nested tokens and credentials in URLs when a record carries them', async () => {
    // The process's logger, built as the CLI builds it, given what a careless log line could hand it.
    const script = `
      const { createLogger } = await import('./dist/src/logger.js');
      const { loadConfig } = await import('./dist/src/config.js');
      const logger = createLogger({ level: 'trace', format: process.env.FORMAT });
      const config = loadConfig(process.env);
      logger.info({ config }, 'configuration');
      logger.debug({ env: process.env }, 'environment');
      logger.trace({ request: { headers: { Authorization: 'Bot ' + config.DISCORD_TOKEN } }, token: config.SLACK_BOT_TOKEN }, 'request');
      logger.error({ err: 'proxy ' + config.HTTPS_PROXY + ' refused' }, 'fetch through ' + config.HTTPS_PROXY + ' failed');
      const err = Object.assign(new Error('request failed'), { config: { headers: { Authorization: 'Bot ' + config.DISCORD_TOKEN } }, response: { data: { auth: { token: config.SLACK_BOT_TOKEN } } } });
      logger.error({ err }, 'client error');
      logger.warn({ target: { via: { proxy: { url: config.HTTP_PROXY } } } }, 'nested url');
      logger.error({ smtp: { auth: { user: config.SMTP_USER, pass: config.SMTP_PASS } }, url: 'smtp://' + config.SMTP_USER + ':' + config.SMTP_PASS + '@' + config.SMTP_HOST + ':25' }, 'smtp login');
    `;
    for (const format of ['json', 'pretty']) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, ...env(), FORMAT: format }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      expect(await new Promise((resolve) => child.once('exit', resolve)), out).toBe(0);
      for (const msg of ['configuration', 'environment', 'request', 'failed', 'client error', 'nested url', 'smtp login']) expect(out).toContain(msg);
      expect(out).toContain('[redacted]');
      for (const secret of [slack.token, SIGNING_SECRET, discord.token, ADMIN_PASSWORD, PROXY_PASSWORD, MATRIX_TOKEN, SMTP_PASS, UNSUBSCRIBE_SECRET]) {
        expect(out.includes(secret), `${secret} in the ${format} log:\n${out.slice(0, 2000)}`).toBe(false);
      }
    }
  });
});

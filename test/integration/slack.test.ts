import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEdition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { postSlashCommand, startFakeSlack, type FakeSlack } from '../emulators/slack/index.js';

const SECRET = 'test-signing-secret-0123456789';
let slack: FakeSlack;
let server: FixtureServer;
let dir: string;
let tracker: ChildProcess;
let appUrl = '';
let stderr = '';

const feed = (items: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Presse</title><link>https://presse.example/</link>${items}</channel></rss>`;
const item = (title: string, link: string): string => `<item><title>${title}</title><link>${link}</link><guid>${link}</guid></item>`;

function env(): NodeJS.ProcessEnv {
  return {
    DATA_DIR: join(dir, 'data'),
    SOURCES_FILE: join(dir, 'sources.json'),
    REDIS_URL: '',
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_FORMAT: 'json',
  };
}

let commands = 0;
/** Sends `/secnumcloud <text>` as Slack would and waits for the answer posted to its response URL. */
async function command(text: string, channelId = 'C1', userId = 'U1'): Promise<{ ackMs: number; reply: string }> {
  const id = `r${++commands}`;
  const r = await postSlashCommand(appUrl, SECRET, { text, teamId: slack.teamId, channelId, userId, responseUrl: slack.responseUrl(id) });
  expect(r.status, `${text}: ${r.body}`).toBe(200);
  expect(r.elapsedMs).toBeLessThan(3000);
  const answer = await slack.waitForResponse(id, 10_000);
  return { ackMs: r.elapsedMs, reply: JSON.stringify(answer.body) };
}

beforeAll(async () => {
  [slack, server] = await Promise.all([startFakeSlack(), startFixtureServer({})]);
  slack.addChannel({ id: 'C1', name: 'veille-cloud', isMember: true });
  slack.addChannel({ id: 'C2', name: 'sans-bot', isMember: false });
  slack.addUser({ id: 'U1', name: 'rssi' });
  dir = mkdtempSync(join(tmpdir(), 'slack-'));
  server.route('/catalogue.pdf', { body: (await getEdition('real')).bytes });
  server.route('/presse.xml', { body: feed(item('Datacenters : la facture électrique', 'https://presse.example/1')) });
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [
    { id: 'anssi-catalogue', kind: 'anssi-catalogue', url: `${server.url}/catalogue.pdf`, interval: '6h', settings: { lists: ['secnumcloud'] } },
    { id: 'presse', kind: 'rss', url: `${server.url}/presse.xml`, interval: '6h', maxAge: '3650d' },
  ] }));
  tracker = spawn(process.execPath, ['dist/src/cli.js', 'start'], { cwd: ROOT, env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
  tracker.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 20_000;
  while (!appUrl || !stderr.includes('baseline stored, 16 offers')) {
    const base = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"http server listening"/.exec(stderr)?.[1];
    appUrl = base ? `${base}/slack/events` : '';
    if (Date.now() > deadline) throw new Error(`tracker did not start:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 30_000);

afterAll(async () => {
  tracker?.kill('SIGTERM');
  await new Promise((r) => tracker?.once('exit', r));
  await Promise.all([slack.close(), server.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the Slack app, started as the README says, against a fake Slack', () => {
  it('rejects forged requests with 401 and changes nothing', async () => {
    const fields = { text: 'subscribe', teamId: slack.teamId, channelId: 'C1', userId: 'U1', responseUrl: slack.responseUrl('forged') };
    expect((await postSlashCommand(appUrl, SECRET, fields, { badSignature: true })).status).toBe(401);
    expect((await postSlashCommand(appUrl, SECRET, fields, { omitHeaders: true })).status).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await postSlashCommand(appUrl, SECRET, fields, { timestamp: old })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.responsesTo('forged')).toHaveLength(0);
    // No subscription was created by the forged requests.
    expect((await command('subscriptions')).reply).not.toMatch(/s[0-9a-f]{6}/);
  });

  it('answers every subcommand within 3 seconds', async () => {
    expect((await command('help')).reply).toMatch(/subscribe/);
    const sub = await command('subscribe qualifications news');
    expect(sub.reply).toMatch(/s[0-9a-f]{6}/);
    expect((await command('subscribe all provider:"Cloud Temple"')).reply).toMatch(/Cloud Temple/);
    expect((await command('subscriptions')).reply.match(/s[0-9a-f]{6}/g)?.length).toBeGreaterThanOrEqual(2);
    expect((await command('status')).reply).toMatch(/16/);
    expect((await command('status ovh')).reply).toMatch(/Bare Metal Pod/);
    expect((await command('list IaaS')).reply).toMatch(/Outscale/);
    expect((await command('history 5')).reply).toBeTruthy();
    expect((await command('lang en')).reply).toBeTruthy();
    expect((await command('help')).reply).toMatch(/[Ss]ubscribe/);
    expect((await command('frobnicate')).reply).toMatch(/ephemeral/);
    // The bot is not in C2: subscribing there is refused with what to do.
    expect((await command('subscribe', 'C2')).reply).toMatch(/ephemeral/);
    await command('lang fr');
  }, 60_000);

  it('posts a new qualification, and news with mentions escaped, to the subscribed channel once', async () => {
    server.route('/catalogue.pdf', { body: (await getEdition('syntheticOutline')).bytes });
    server.route('/presse.xml', {
      body: feed(
        item('Datacenters : la facture électrique', 'https://presse.example/1') +
          item('SecNumCloud &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|cliquez&gt;', 'https://presse.example/2'),
      ),
    });
    const check = await runCli(['check', '--commit'], env());
    expect(check.code, check.stderr).toBe(0);
    const stored = check.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    const numspot = stored.filter((e) => e.kind === 'offer.added').length;
    expect(numspot).toBeGreaterThan(0);
    const expected = stored.length;
    const messages = await slack.waitForMessages('C1', expected, 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(slack.messagesIn('C1')).toHaveLength(expected);
    const added = messages.find((m) => m.text.includes('NumSpot'))!;
    expect(added.text).toMatch(/^Nouvelle qualification SecNumCloud/);
    expect(JSON.stringify(added.blocks)).toContain('header');
    expect(added.unfurl_links).toBe(false);
    const news = messages.find((m) => m.text.includes('SecNumCloud &lt;'))!;
    expect(news.text).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
    const raw = JSON.stringify([news.text, news.blocks]);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<@U123>');
    expect(raw).not.toContain('<https://evil.example');
    expect(slack.messagesIn('C2')).toHaveLength(0);
  }, 60_000);
});

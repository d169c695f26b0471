/**
 * A channel's first minutes on Slack (issue 17), against the Slack emulator: `test`, pause/resume, type: filters,
 * what a subscription would have sent, and an export taken before the upgrade. The web role answers commands from
 * the start; the worker role (fan-out and drains) starts only after `test` was asked for, so the test alert waits in
 * the channel's outbox ahead of the real delivery of the very change it shows.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSlashCommand, startFakeSlack, type FakeSlack, type StoredMessage } from '../emulators/slack/index.js';
import { getEdition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { runCli } from '../support/run-cli.js';
import { checkAndCommit, LEGACY_EXPORT, startRole, type CheckedEvent, type RoleProcess } from '../support/tracker-roles.js';

const SECRET = 'test-signing-secret-0123456789';
const ADMIN = 'U0ADMIN';
const MEMBER = 'U0MEMBER';
let slack: FakeSlack;
let server: FixtureServer;
let dir: string;
let web: RoleProcess | undefined;
let worker: RoleProcess | undefined;
let appUrl = '';
let changes: CheckedEvent[] = [];

const env = (): NodeJS.ProcessEnv => ({
  DATA_DIR: join(dir, 'data'), SOURCES_FILE: join(dir, 'sources.json'), REDIS_URL: '',
  SLACK_BOT_TOKEN: slack.token, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, SLACK_ADMIN_ONLY: '1',
  HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_FORMAT: 'json',
});

let commands = 0;
/** `/secnumcloud <text>` as Slack sends it; resolves with its response URL's id and the first answer's text. */
async function command(text: string, channelId: string, userId = ADMIN): Promise<{ id: string; reply: string; ephemeral: boolean }> {
  const id = `r${++commands}`;
  const r = await postSlashCommand(appUrl, SECRET, { text, teamId: slack.teamId, channelId, userId, responseUrl: slack.responseUrl(id) });
  expect(r.status, `${text}: ${r.body}`).toBe(200);
  const answer = await slack.waitForResponse(id, 15_000);
  return { id, reply: JSON.stringify(answer.body), ephemeral: answer.body.response_type === 'ephemeral' };
}
const deliveryOf = (m: StoredMessage): unknown => m.metadata?.event_payload.delivery_id;
const offerEvents = (): CheckedEvent[] => changes.filter((e) => e.offer && e.kind.startsWith('offer.'));

beforeAll(async () => {
  [slack, server] = await Promise.all([startFakeSlack(), startFixtureServer({})]);
  for (const [id, name] of [['C1', 'alertes'], ['C2', 'iaas'], ['C3', 'en-pause'], ['C5', 'cumulus'], ['C0LEGACY1', 'ancien']]) slack.addChannel({ id: id!, name: name! });
  slack.addChannel({ id: 'C4', name: 'sans-bot', isMember: false });
  slack.addUser({ id: ADMIN, name: 'rssi', isAdmin: true });
  slack.addUser({ id: MEMBER, name: 'stagiaire' });
  dir = mkdtempSync(join(tmpdir(), 'first-minutes-slack-'));
  server.route('/catalogue.pdf', { body: (await getEdition('real')).bytes });
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [{ id: 'anssi-catalogue', kind: 'anssi-catalogue', url: `${server.url}/catalogue.pdf`, interval: '6h', settings: { lists: ['secnumcloud'] } }] }));
  expect(await checkAndCommit(env())).toEqual([]); // the baseline alerts nobody
  const imported = await runCli(['subscriptions', 'import', LEGACY_EXPORT], env());
  expect(imported.code, imported.stderr).toBe(0);
  expect(JSON.parse(imported.stdout)).toEqual({ channels: 2, added: 4, updated: 0, unchanged: 0, languagesSet: 1, languagesUnchanged: 0 });
  web = await startRole('web', env(), (log) => /"msg":"http server listening"/.test(log));
  appUrl = `${/"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"http server listening"/.exec(web.stderr())![1]}/slack/events`;
}, 90_000);

afterAll(async () => {
  await Promise.all([web?.stop(), worker?.stop()]);
  await Promise.all([slack?.close(), server?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("a Slack channel's first minutes", () => {
  it('subscribes with filters in words; with nothing recorded yet it says no change matches; pause is shown', async () => {
    expect((await command('subscribe qualifications', 'C1')).reply).toContain("Aucun changement enregistré jusqu'ici ne correspond à cet abonnement");
    expect((await command('subscribe qualifications type:IaaS', 'C2')).reply).toContain('uniquement les offres IaaS');
    await command('subscribe qualifications provider:NumSpot', 'C3');
    const paused = await command('pause', 'C3');
    expect(paused.ephemeral).toBe(false);
    expect(paused.reply).toContain('Alertes suspendues dans ce canal');
    expect((await command('subscriptions', 'C3')).reply).toMatch(/En pause depuis le \d\d\/\d\d\/\d{4}/);
  }, 60_000);

  it('refuses test where the app is not a member, and to a user without the right, posting nothing', async () => {
    const notMember = await command('test', 'C4');
    expect(notMember.ephemeral).toBe(true);
    expect(notMember.reply).toContain("Invitez d'abord l'application dans ce canal (/invite @SecNumCloud)");
    const notAdmin = await command('test', 'C1', MEMBER);
    expect(notAdmin.reply).toContain('Seuls les administrateurs et propriétaires');
    await new Promise((r) => setTimeout(r, 1000));
    expect(slack.messagesIn('C4')).toHaveLength(0);
    expect(slack.messagesIn('C1')).toHaveLength(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  }, 60_000);

  it('test posts one alert marked as a test, says so in a follow-up, and the real delivery of that change still comes once', async () => {
    server.route('/catalogue.pdf', { body: (await getEdition('syntheticOutline')).bytes });
    changes = await checkAndCommit(env()); // stored in the change log; no worker yet, so nothing is fanned out
    expect(offerEvents().length).toBeGreaterThan(2);
    const asked = await command('test', 'C1');
    expect(asked.ephemeral).toBe(true);
    expect(asked.reply).toContain('Elle montre le dernier changement que les abonnements de ce canal retiennent');
    worker = await startRole('worker', env(), (log) => log.includes('tracker started'));
    await slack.waitFor(() => slack.responsesTo(asked.id).filter((r) => r.status === 200).length >= 2, 40_000);
    expect(JSON.stringify(slack.responsesTo(asked.id)[1]!.body)).toContain("L'alerte de test a été publiée dans ce canal.");

    const all = await slack.waitForMessages('C1', 1 + offerEvents().length, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    const messages = slack.messagesIn('C1');
    expect(messages).toHaveLength(1 + offerEvents().length);
    const [testAlert, ...real] = all;
    expect(testAlert!.text).toMatch(/^\[Test\] /);
    expect(JSON.stringify(testAlert!.blocks)).toContain('Alerte de test');
    // Built from the latest change C1 matches; posted for real once more, later, under another delivery id.
    const shown = testAlert!.text.replace(/^\[Test\] /, '');
    const same = real.filter((m) => m.text === shown);
    expect(same).toHaveLength(1);
    expect(deliveryOf(same[0]!)).not.toBe(deliveryOf(testAlert!));
    expect(new Set(real.map(deliveryOf)).size).toBe(real.length);
    expect(real.filter((m) => m.text.startsWith('[Test]'))).toHaveLength(0);
  }, 120_000);

  it('type:IaaS receives the IaaS qualifications and not the SaaS one', async () => {
    const iaas = offerEvents().filter((e) => e.offer!.types.includes('IaaS'));
    const saas = offerEvents().filter((e) => !e.offer!.types.includes('IaaS'));
    expect(iaas.length).toBeGreaterThan(0);
    expect(saas.some((e) => e.offer!.types.join() === 'SaaS')).toBe(true);
    await slack.waitForMessages('C2', iaas.length, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    const texts = slack.messagesIn('C2').map((m) => m.text);
    expect(texts).toHaveLength(iaas.length);
    for (const e of iaas) expect(texts.some((t) => t.includes(e.offer!.service))).toBe(true);
    for (const e of saas) expect(texts.some((t) => t.includes(e.offer!.service))).toBe(false);
  }, 60_000);

  it('pause, a change, resume: nothing posted, one change reported skipped, history pointed to', async () => {
    expect(offerEvents().filter((e) => e.offer!.provider === 'NumSpot')).toHaveLength(1);
    await slack.waitForMessages('C2', 1, 10_000); // the worker has fanned the changes out by now
    const resumed = await command('resume', 'C3');
    expect(resumed.reply).toContain("1 changement n'a pas été publié pendant la pause");
    expect(resumed.reply).toContain('/secnumcloud history');
    await new Promise((r) => setTimeout(r, 2000));
    expect(slack.messagesIn('C3')).toHaveLength(0);
  }, 60_000);

  it('subscribing shows the last changes the new subscription matches', async () => {
    const reply = (await command('subscribe qualifications provider:"Cumulus Français"', 'C5')).reply;
    expect(reply).toContain('Derniers changements qu’il aurait envoyés');
    const cumulus = offerEvents().filter((e) => e.offer!.provider === 'Cumulus Français');
    expect(cumulus).toHaveLength(3);
    for (const e of cumulus) expect(reply).toContain(e.offer!.service);
    expect(slack.messagesIn('C5')).toHaveLength(0);
  }, 30_000);

  it('an export taken before the upgrade was imported unchanged: same ids, same meaning, exported back the same', async () => {
    const legacy = await command('subscriptions', 'C0LEGACY1');
    for (const id of ['s5dae8b', 's91bda4']) expect(legacy.reply).toContain(id);
    // Its unfiltered qualifications subscription still receives every qualification change, in its language (en).
    await slack.waitForMessages('C0LEGACY1', offerEvents().length, 30_000);
    expect(slack.messagesIn('C0LEGACY1').every((m) => !m.text.startsWith('Nouvelle'))).toBe(true);
    const exported = await runCli(['subscriptions', 'export'], env());
    const fixture = JSON.parse(readFileSync(LEGACY_EXPORT, 'utf8')) as { channels: Array<{ channel: string }> };
    const now = JSON.parse(exported.stdout) as { channels: Array<{ channel: string }> };
    for (const c of fixture.channels) expect(now.channels.find((x) => x.channel === c.channel)).toEqual(c);
  }, 60_000);

  it('allows one test a minute per channel', async () => {
    const again = await command('test', 'C1');
    expect(again.reply).toMatch(/Une alerte de test a été envoyée ici il y a moins d'une minute : réessayez dans \d+ s\./);
    await new Promise((r) => setTimeout(r, 1500));
    expect(slack.messagesIn('C1').filter((m) => m.text.startsWith('[Test]'))).toHaveLength(1);
  }, 30_000);
});

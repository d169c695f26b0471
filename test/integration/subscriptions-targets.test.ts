/**
 * `subscriptions add|list|remove` for targets, and their export and import: the URL and the secret are kept apart,
 * never listed, marked in a plain export and carried by `--with-secrets` only.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { createSubscriptionStore } from '../../src/store/subscription-store.js';
import { createTargetStore } from '../../src/store/target-store.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { runCli } from '../support/run-cli.js';

const URL_TOKEN = 'url-token-7c1d9e2a';
const SECRET = 'whsec-given-4f8a2b6c9d0e';
const HOOK = `https://hooks.example.com/in/${URL_TOKEN}`;

let redis: TestRedis;
let conn: Redis;
let n = 0;
beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn?.disconnect();
  await redis?.stop();
});

const fresh = (): NodeJS.ProcessEnv => ({ REDIS_URL: `unix://${redis.socket}`, REDIS_PREFIX: `tg${++n}`, WEBHOOK_ALLOW_PRIVATE: '' });
async function cli(args: string[], env: NodeJS.ProcessEnv, code = 0) {
  const r = await runCli(args, env);
  expect(r.code, r.stderr).toBe(code);
  return r;
}

describe('webhook targets from the command line', () => {
  it('adds, lists without the URL, exports marked or with secrets, imports, and removes with the target', async () => {
    const env = fresh();
    const added = JSON.parse((await cli(['subscriptions', 'add', 'webhook', '--url', HOOK, '--name', 'soc', '--secret', SECRET, '--topics', 'qualifications,expiry', '--type', 'IaaS'], env)).stdout) as { id: string; created: boolean; secret?: string };
    expect(added).toMatchObject({ platform: 'webhook', name: 'soc', created: true });
    expect(added.secret).toBeUndefined(); // given, not generated: not printed
    const again = JSON.parse((await cli(['subscriptions', 'add', 'webhook', '--url', HOOK, '--name', 'soc', '--topics', 'expiry,qualifications', '--type', 'IaaS'], env)).stdout) as { id: string; created: boolean };
    expect(again).toMatchObject({ id: added.id, created: false });
    expect(((await createTargetStore(conn, createKeys(env.REDIS_PREFIX!)).get({ platform: 'webhook', workspace: 'targets', channel: 'soc' })) as { secret?: string } | undefined)?.secret).toBe(SECRET);

    const list = await cli(['subscriptions', 'list'], env);
    expect(list.stdout).toMatch(new RegExp(`^${added.id}\\s+webhook\\s+targets/soc\\s+qualifications,expiry\\s+type:IaaS`, 'm'));
    expect(list.stdout + list.stderr).not.toContain(URL_TOKEN);

    const plain = await cli(['subscriptions', 'export'], env);
    const doc = JSON.parse(plain.stdout) as { version: number; channels: Array<{ platform: string; target?: unknown }> };
    expect(doc.version).toBe(3);
    expect(doc.channels[0]).toMatchObject({ platform: 'webhook', workspace: 'targets', channel: 'soc', target: { secrets: 'omitted' } });
    expect(plain.stdout + plain.stderr).not.toContain(URL_TOKEN);
    expect(plain.stdout).not.toContain(SECRET);
    const full = await cli(['subscriptions', 'export', '--with-secrets'], env);
    expect((JSON.parse(full.stdout) as typeof doc).channels[0]!.target).toEqual({ url: HOOK, secret: SECRET });

    // Into another deployment: with secrets, the target works at once; a plain export says what is missing.
    const other = fresh();
    const imported = await runCli(['subscriptions', 'import', '-'], other, full.stdout);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ added: 1, targetsSet: 1, targetsMissing: 0 });
    expect(await createTargetStore(conn, createKeys(other.REDIS_PREFIX!)).get({ platform: 'webhook', workspace: 'targets', channel: 'soc' })).toEqual({ url: HOOK, secret: SECRET });
    const third = fresh();
    const blind = await runCli(['subscriptions', 'import', '-'], third, plain.stdout);
    expect(JSON.parse(blind.stdout)).toMatchObject({ added: 1, targetsSet: 0, targetsMissing: 1 });
    expect(blind.stderr).toContain('1 without URL or secret');

    const removed = JSON.parse((await cli(['subscriptions', 'remove', added.id], env)).stdout) as { targetErased: boolean };
    expect(removed.targetErased).toBe(true);
    expect(await createTargetStore(conn, createKeys(env.REDIS_PREFIX!)).all()).toEqual(new Map());
    await cli(['subscriptions', 'remove', added.id], env, 2);
  }, 60_000);

  it('generates a secret when none is given and prints it once', async () => {
    const env = fresh();
    const first = JSON.parse((await cli(['subscriptions', 'add', 'webhook', '--url', HOOK], env)).stdout) as { name: string; secret?: string };
    expect(first.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(first.name).toMatch(/^webhook-[0-9a-f]{8}$/);
    const second = JSON.parse((await cli(['subscriptions', 'add', 'webhook', '--url', HOOK, '--topics', 'news'], env)).stdout) as { name: string; secret?: string };
    expect(second).toMatchObject({ name: first.name });
    expect(second.secret).toBeUndefined();
  }, 30_000);

  it.each([
    [['webhook', '--url', 'http://127.0.0.1:8080/x'], /--url: the address is not public/],
    [['webhook', '--url', 'http://[::1]/x'], /--url: the address is not public/],
    [['webhook', '--url', 'ftp://example.com/x'], /--url: /],
    [['webhook'], /--url is required/],
    [['slack', '--url', HOOK], /slack channels subscribe with \/secnumcloud subscribe/],
    [['webhook', '--url', HOOK, '--topics', 'qualification'], /--topics: qualification/],
    [['webhook', '--url', HOOK, '--secret', 'short'], /--secret: /],
  ])('refuses %j with one line, exit 2, nothing written', async (args, problem) => {
    const env = fresh();
    const r = await cli(['subscriptions', 'add', ...args], env, 2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(problem);
    expect(await conn.keys(`${env.REDIS_PREFIX}:*`)).toEqual([]);
  }, 30_000);

  it('adds a Matrix room by id, exports it (version 3, no credentials: the token is the configuration\'s) and removes it', async () => {
    const env = fresh();
    const room = '!AbCdEfGh:agent.tchap.gouv.fr';
    const added = JSON.parse((await cli(['subscriptions', 'add', 'matrix', '--room', room, '--topics', 'all'], env)).stdout) as { id: string; name: string; secret?: string };
    expect(added).toMatchObject({ name: room });
    expect(added.secret).toBeUndefined();
    const doc = JSON.parse((await cli(['subscriptions', 'export', '--with-secrets'], env)).stdout) as { version: number; channels: object[] };
    expect(doc.version).toBe(3);
    expect(doc.channels).toEqual([expect.objectContaining({ platform: 'matrix', workspace: 'targets', channel: room })]);
    expect(doc.channels[0]).not.toHaveProperty('target');
    expect((await cli(['subscriptions', 'list', '--platform', 'matrix'], env)).stdout).toContain(`targets/${room}`);
    const r = JSON.parse((await cli(['subscriptions', 'remove', added.id], env)).stdout) as { targetErased: boolean };
    expect(r.targetErased).toBe(false);
  }, 30_000);

  it.each([
    [['matrix', '--room', '#veille:agent.tchap.gouv.fr'], /--room: #veille/],
    [['matrix'], /--room: \(missing\)/],
    [['matrix', '--room', '!a:b', '--url', 'https://x.example/'], /--url and --secret are for webhooks/],
  ])('refuses a Matrix room given as %j', async (args, problem) => {
    const r = await cli(['subscriptions', 'add', ...args], fresh(), 2);
    expect(r.stderr).toMatch(problem);
  }, 30_000);

  it('adds a Teams channel by its URL (no secret: the URL is the credential), exports it marked, and erases it', async () => {
    const env = fresh();
    const url = `https://contoso.webhook.office.com/webhookb2/0f1e/IncomingWebhook/77aa/${URL_TOKEN}`;
    const added = JSON.parse((await cli(['subscriptions', 'add', 'teams', '--url', url, '--name', 'dsi', '--catalogue', 'all'], env)).stdout) as { id: string; name: string; secret?: string };
    expect(added).toMatchObject({ platform: 'teams', name: 'dsi' });
    expect(added.secret).toBeUndefined();
    expect(await createTargetStore(conn, createKeys(env.REDIS_PREFIX!)).get({ platform: 'teams', workspace: 'targets', channel: 'dsi' })).toEqual({ url });
    const list = await cli(['subscriptions', 'list', '--platform', 'teams'], env);
    expect(list.stdout).toContain('targets/dsi');
    expect(list.stdout + list.stderr).not.toContain(URL_TOKEN);
    const plain = await cli(['subscriptions', 'export'], env);
    expect(plain.stdout).not.toContain(URL_TOKEN);
    expect((JSON.parse(plain.stdout) as { channels: Array<{ target?: unknown }> }).channels[0]!.target).toEqual({ secrets: 'omitted' });
    const full = JSON.parse((await cli(['subscriptions', 'export', '--with-secrets'], env)).stdout) as { channels: Array<{ target?: unknown }> };
    expect(full.channels[0]!.target).toEqual({ url });
    expect((await cli(['subscriptions', 'add', 'teams', '--url', url, '--secret', SECRET], fresh(), 2)).stderr).toMatch(/--secret is for webhooks/);
    const r = JSON.parse((await cli(['subscriptions', 'remove', added.id], env)).stdout) as { targetErased: boolean };
    expect(r.targetErased).toBe(true);
    expect(await conn.hgetall(createKeys(env.REDIS_PREFIX!).targets())).toEqual({});
  }, 30_000);

  it('accepts a loopback address when WEBHOOK_ALLOW_PRIVATE is set', async () => {
    await cli(['subscriptions', 'add', 'webhook', '--url', 'http://127.0.0.1:8080/x'], { ...fresh(), WEBHOOK_ALLOW_PRIVATE: '1' });
  }, 30_000);
});

describe('e-mail targets from the command line', () => {
  const ADDRESS = 'Marie.Dupont@ministere.example.fr';
  const store = (env: NodeJS.ProcessEnv) => createTargetStore(conn, createKeys(env.REDIS_PREFIX!));

  it('adds an address under a random name (found again in any case), lists and exports it without the address, erases it', async () => {
    const env = fresh();
    const added = JSON.parse((await cli(['subscriptions', 'add', 'email', '--address', ADDRESS, '--digest', 'daily', '--lang', 'en', '--catalogue', 'passi'], env)).stdout) as { id: string; name: string; digest: string; created: boolean };
    expect(added).toMatchObject({ platform: 'email', digest: 'daily', created: true });
    expect(added.name).toMatch(/^email-[0-9a-f]{10}$/);
    const channel = { platform: 'email' as const, workspace: 'targets', channel: added.name };
    expect(await store(env).get(channel)).toEqual({ address: ADDRESS, digest: 'daily' });
    expect(await createSubscriptionStore(conn, createKeys(env.REDIS_PREFIX!)).getLang(channel)).toBe('en');
    // The same address, typed otherwise, is the same target; --digest changes its mode.
    const again = JSON.parse((await cli(['subscriptions', 'add', 'email', '--address', ADDRESS.toLowerCase(), '--digest', 'weekly', '--topics', 'news'], env)).stdout) as { name: string; id: string };
    expect(again.name).toBe(added.name);
    expect(await store(env).get(channel)).toEqual({ address: ADDRESS.toLowerCase(), digest: 'weekly' }); // as typed last
    // Without --digest, the mode stays.
    await cli(['subscriptions', 'add', 'email', '--address', ADDRESS.toLowerCase(), '--topics', 'news'], env);
    expect(await store(env).get(channel)).toEqual({ address: ADDRESS.toLowerCase(), digest: 'weekly' });

    const list = await cli(['subscriptions', 'list', '--platform', 'email'], env);
    expect(list.stdout).toMatch(new RegExp(`^${added.id}\\s+email\\s+targets/${added.name}\\s+qualifications\\s+catalogue:passi\\s+digest:weekly$`, 'm'));
    expect((list.stdout + list.stderr).toLowerCase()).not.toContain(ADDRESS.toLowerCase());
    const plain = await cli(['subscriptions', 'export'], env);
    expect(plain.stdout.toLowerCase()).not.toContain(ADDRESS.toLowerCase());
    expect(JSON.parse(plain.stdout).channels[0]).toMatchObject({ platform: 'email', channel: added.name, lang: 'en', target: { secrets: 'omitted' } });
    const full = await cli(['subscriptions', 'export', '--with-secrets'], env);
    expect(JSON.parse(full.stdout).channels[0].target).toEqual({ address: ADDRESS.toLowerCase(), digest: 'weekly' });
    const other = fresh();
    const imported = await runCli(['subscriptions', 'import', '-'], other, full.stdout);
    expect(JSON.parse(imported.stdout)).toMatchObject({ added: 2, targetsSet: 1 });
    expect(await store(other).get(channel)).toEqual({ address: ADDRESS.toLowerCase(), digest: 'weekly' });

    const erased = await cli(['subscriptions', 'erase', '--address', ADDRESS.toUpperCase()], env);
    expect(JSON.parse(erased.stdout)).toMatchObject({ targets: [{ target: added.name, subscriptions: 2 }] });
    expect((erased.stdout + erased.stderr).toLowerCase()).not.toContain(ADDRESS.toLowerCase());
    const left = await conn.keys(`${env.REDIS_PREFIX}:*`);
    for (const key of left) {
      const type = await conn.type(key);
      const value = type === 'hash' ? JSON.stringify(await conn.hgetall(key)) : type === 'string' ? await conn.get(key) : '';
      expect(`${key} ${value}`.toLowerCase()).not.toContain(ADDRESS.toLowerCase());
      expect(`${key} ${value}`).not.toContain(added.name);
    }
    const nothing = await cli(['subscriptions', 'erase', '--address', ADDRESS], env);
    expect(JSON.parse(nothing.stdout)).toEqual({ targets: [] });
  }, 60_000);

  it('removing an address\'s last subscription erases the address with it', async () => {
    const env = fresh();
    const added = JSON.parse((await cli(['subscriptions', 'add', 'email', '--address', ADDRESS], env)).stdout) as { id: string; name: string };
    const removed = await cli(['subscriptions', 'remove', added.id], env);
    expect(JSON.parse(removed.stdout)).toMatchObject({ removed: added.id, targetErased: true });
    expect(removed.stderr).toContain('its address, queued alerts and delivery records are erased');
    expect(await store(env).all()).toEqual(new Map());
    for (const key of await conn.keys(`${env.REDIS_PREFIX}:*`)) expect(key).not.toContain(added.name);
  }, 30_000);

  it.each([
    [['email'], /--address is required/],
    [['email', '--address', 'not-an-address'], /--address: not an e-mail address/],
    [['email', '--address', 'a@example.fr', '--digest', 'hourly'], /--digest: hourly/],
    [['email', '--address', 'a@example.fr', '--lang', 'de'], /--lang: de/],
    [['email', '--address', 'a@example.fr', '--url', HOOK], /--url, --secret and --room are not for e-mail/],
    [['webhook', '--url', HOOK, '--address', 'a@example.fr'], /--address and --digest are for e-mail targets/],
  ])('refuses %j with one line, exit 2, nothing written', async (args, problem) => {
    const env = fresh();
    const r = await cli(['subscriptions', 'add', ...args], env, 2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(problem);
    expect(await conn.keys(`${env.REDIS_PREFIX}:*`)).toEqual([]);
  }, 30_000);
});

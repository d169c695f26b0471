import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionId, type ChannelRef, type Subscription, type Topic } from '../../src/core/subscriptions.js';
import { createKeys } from '../../src/store/keys.js';
import { createSubscriptionStore } from '../../src/store/subscription-store.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { runCli } from '../support/run-cli.js';

let from: TestRedis;
let to: TestRedis;
let fromConn: Redis;
let toConn: Redis;
let dir: string;
let prefixes = 0;

beforeAll(async () => {
  [from, to] = await Promise.all([startTestRedis(), startTestRedis()]);
  fromConn = createTestConnection(from);
  toConn = createTestConnection(to);
  dir = mkdtempSync(join(tmpdir(), 'subs-io-'));
});
afterAll(async () => {
  fromConn?.disconnect();
  toConn?.disconnect();
  await Promise.all([from?.stop(), to?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh key prefix, so each test starts from empty stores on both servers. */
const freshPrefix = (): string => `io${++prefixes}`;
const env = (server: TestRedis, prefix: string): NodeJS.ProcessEnv => ({ REDIS_URL: `unix://${server.socket}`, REDIS_PREFIX: prefix });
const storeOf = (conn: Redis, prefix: string) => createSubscriptionStore(conn, createKeys(prefix));

const slack: ChannelRef = { platform: 'slack', workspace: 'T0123ABCD', channel: 'C0123ABCD' };
const slackQuiet: ChannelRef = { platform: 'slack', workspace: 'T0123ABCD', channel: 'C0999ZZZZ' };
const discord: ChannelRef = { platform: 'discord', workspace: '123456789012345678', channel: '223456789012345678' };

function sub(channel: ChannelRef, topics: Topic[], providers: string[] = [], keywords: string[] = [], extra: Partial<Subscription> = {}): Subscription {
  return { id: subscriptionId(channel, topics, providers, keywords), channel, topics, providers, keywords, createdAt: '2026-01-05T08:00:00.000Z', ...extra };
}

const seeded = [
  sub(slack, ['qualifications'], ['Cloud Temple', 'OVHcloud']),
  sub(slack, ['news'], [], ['Kubernetes', 'hébergement'], { createdBy: 'U0123' }),
  sub(discord, ['qualifications', 'news', 'expiry'], [], [], { disabled: { reason: 'channel gone (Unknown Channel)', at: '2026-02-01T10:00:00.000Z' } }),
];

async function seed(prefix: string): Promise<void> {
  const store = storeOf(fromConn, prefix);
  for (const s of seeded) await store.add(s);
  await store.setLang(slack, 'en');
  await store.setLang(slackQuiet, 'fr'); // a channel with a language and no subscription
}

/** What a store holds, in a stable order. */
async function state(conn: Redis, prefix: string) {
  const store = storeOf(conn, prefix);
  const key = (c: ChannelRef, id = ''): string => `${c.platform}/${c.workspace}/${c.channel}#${id}`;
  return {
    subscriptions: (await store.all()).sort((a, b) => (key(a.channel, a.id) < key(b.channel, b.id) ? -1 : 1)),
    languages: (await store.languages()).sort((a, b) => (key(a.channel) < key(b.channel) ? -1 : 1)),
  };
}

/** Every key of a prefix with its raw content: "nothing written" is checked on this. */
async function rawDump(conn: Redis, prefix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const k of (await conn.keys(`${prefix}:*`)).sort()) out[k] = (await conn.type(k)) === 'hash' ? await conn.hgetall(k) : await conn.get(k);
  return out;
}

interface Exported {
  format: string;
  version: number;
  exportedAt: string;
  channels: Array<{ platform: string; workspace: string; channel: string; lang?: string; subscriptions: Array<Record<string, unknown>> }>;
}

async function exportFrom(server: TestRedis, prefix: string): Promise<{ text: string; doc: Exported }> {
  const r = await runCli(['subscriptions', 'export'], env(server, prefix));
  expect(r.stderr).toMatch(/exported \d+ subscription\(s\) of \d+ channel\(s\)/);
  expect(r.code).toBe(0);
  return { text: r.stdout, doc: JSON.parse(r.stdout) as Exported };
}

describe('subscriptions export and import between two Redis servers', () => {
  it('exports a versioned document, imports it into another Redis, and both stores read back equal', async () => {
    const a = freshPrefix();
    const b = freshPrefix();
    await seed(a);
    const { text, doc } = await exportFrom(from, a);
    expect(doc.format).toBe('secnumcloud-tracker/subscriptions');
    expect(doc.version).toBe(1);
    expect(Number.isNaN(Date.parse(doc.exportedAt))).toBe(false);
    expect(doc.channels.map((c) => [c.platform, c.channel, c.lang, c.subscriptions.length])).toEqual([
      ['discord', discord.channel, undefined, 1],
      ['slack', slack.channel, 'en', 2],
      ['slack', slackQuiet.channel, 'fr', 0],
    ]);
    expect(doc.channels[0]!.subscriptions[0]).toMatchObject({ disabled: { reason: 'channel gone (Unknown Channel)' } });

    const file = join(dir, 'roundtrip.json');
    writeFileSync(file, text);
    const r = await runCli(['subscriptions', 'import', file], env(to, b));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ channels: 3, added: 3, updated: 0, unchanged: 0, languagesSet: 2, languagesUnchanged: 0 });
    expect(r.stderr).toContain('3 added, 0 updated, 0 unchanged');
    expect(await state(toConn, b)).toEqual(await state(fromConn, a));
    expect((await state(toConn, b)).subscriptions).toHaveLength(3);

    const again = await exportFrom(to, b);
    expect({ ...again.doc, exportedAt: '' }).toEqual({ ...doc, exportedAt: '' });
  });

  it('is idempotent: a second import changes nothing, writes nothing, and counts everything unchanged', async () => {
    const a = freshPrefix();
    const b = freshPrefix();
    await seed(a);
    const file = join(dir, 'twice.json');
    const exported = await runCli(['subscriptions', 'export', '--file', file], env(from, a));
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toContain(`to ${file}`);
    expect((JSON.parse(readFileSync(file, 'utf8')) as Exported).channels).toHaveLength(3);

    expect((await runCli(['subscriptions', 'import', file], env(to, b))).code).toBe(0);
    const before = await rawDump(toConn, b);
    const second = await runCli(['subscriptions', 'import', file], env(to, b));
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ channels: 3, added: 0, updated: 0, unchanged: 3, languagesSet: 0, languagesUnchanged: 2 });
    expect(await rawDump(toConn, b)).toEqual(before); // not even the version counter moved
  });

  it('merges: keeps what the document does not list, updates what differs, from standard input too', async () => {
    const a = freshPrefix();
    const b = freshPrefix();
    await seed(a);
    const target = storeOf(toConn, b);
    const own = sub(slack, ['expiry'], ['Outscale']);
    await target.add(own);
    await target.add({ ...seeded[0]!, disabled: { reason: 'not_in_channel', at: '2026-03-01T00:00:00.000Z' } });
    await target.setLang(slack, 'fr');

    const { text } = await exportFrom(from, a);
    const r = await runCli(['subscriptions', 'import', '-'], env(to, b), text);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ channels: 3, added: 2, updated: 1, unchanged: 0, languagesSet: 2, languagesUnchanged: 0 });
    expect(r.stderr).toContain('from standard input');
    const after = await state(toConn, b);
    expect(after.subscriptions).toContainEqual(own);
    expect(after.subscriptions.find((s) => s.id === seeded[0]!.id)?.disabled).toBeUndefined();
    expect(after.languages).toContainEqual({ channel: slack, lang: 'en' });
    expect(after.subscriptions).toHaveLength(4);
  });
});

describe('version 2: filters by type or exclusion, and paused channels', () => {
  it('exports them as version 2 and imports them back: the pause keeps its date, and a paused channel stays paused', async () => {
    const a = freshPrefix();
    const b = freshPrefix();
    await seed(a);
    const source = storeOf(fromConn, a);
    const typed: Subscription = { ...sub(slack, ['qualifications']), id: subscriptionId(slack, ['qualifications'], [], [], { types: ['IaaS'] }), types: ['IaaS'] };
    await source.add(typed);
    await source.add({ ...sub(discord, ['news']), id: subscriptionId(discord, ['news'], [], [], { exclude: ['recrutement'] }), exclude: ['recrutement'] });
    await source.pause(slack, 'U0123', new Date('2026-03-01T10:00:00Z'));
    const { text, doc } = await exportFrom(from, a);
    expect(doc.version).toBe(2);
    expect(doc.channels.find((c) => c.channel === slack.channel)).toMatchObject({ paused: { at: '2026-03-01T10:00:00.000Z', by: 'U0123' } });

    const target = storeOf(toConn, b);
    await target.pause(discord, 'U9', new Date('2026-04-01T00:00:00Z')); // already paused here: left as it is
    const file = join(dir, 'v2.json');
    writeFileSync(file, text);
    const r = await runCli(['subscriptions', 'import', file], env(to, b));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ channels: 3, added: 5, updated: 0, unchanged: 0, languagesSet: 2, languagesUnchanged: 0, pausedSet: 1, pausedUnchanged: 0 });
    expect(await target.pausedSince(slack)).toEqual({ at: '2026-03-01T10:00:00.000Z', by: 'U0123' });
    expect(await target.pausedSince(discord)).toEqual({ at: '2026-04-01T00:00:00.000Z', by: 'U9' });
    expect((await target.all()).find((s) => s.id === typed.id)).toEqual(typed);
    const again = await runCli(['subscriptions', 'import', file], env(to, b));
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, updated: 0, unchanged: 5, pausedSet: 0, pausedUnchanged: 1 });
  });
});

describe('an invalid document is refused whole: exit 2, one line, nothing written', () => {
  let b: string;
  let valid: Exported;
  beforeAll(async () => {
    const a = freshPrefix();
    b = freshPrefix();
    await seed(a);
    valid = (await exportFrom(from, a)).doc;
    await storeOf(toConn, b).add(sub(discord, ['news'])); // something already there, which must stay as it is
  });

  const edit = (change: (d: Exported) => void): string => {
    const d = structuredClone(valid);
    change(d);
    return JSON.stringify(d);
  };

  it.each([
    ['one bad topic among valid entries', () => edit((d) => (d.channels[1]!.subscriptions[1]!.topics = ['news', 'qualification'])), /channels\.1\.subscriptions\.1\.topics\.1: /],
    ['a misspelled field', () => edit((d) => (d.channels[1]!.subscriptions[0]!.keyword = ['x'])), /channels\.1\.subscriptions\.0: Unrecognized key: "keyword"/],
    ['a subscription listed twice', () => edit((d) => d.channels[1]!.subscriptions.push(d.channels[1]!.subscriptions[0]!)), /channels\.1\.subscriptions\.2\.id: s[0-9a-f]{6} is listed twice/],
    ['an unknown language', () => edit((d) => (d.channels[2]!.lang = 'de')), /channels\.2\.lang: /],
    ['a later version', () => edit((d) => (d.version = 5)), /version: unsupported version \(this tracker reads versions 1 to 4\)/],
    ['a version 2 field in a version 1 document', () => edit((d) => (d.channels[1]!.subscriptions[0]!.types = ['IaaS'])), /channels\.1\.subscriptions\.0\.types: types needs version 2 of the document/],
    ['another kind of document', () => JSON.stringify({ sources: [] }), /format: not a subscriptions export/],
    ['a file that is not JSON', () => '{"format": "secnumcloud-tracker/subscriptions",', /not JSON \(/],
  ])('%s', async (_, content, problem) => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, content());
    const before = await rawDump(toConn, b);
    const r = await runCli(['subscriptions', 'import', file], env(to, b));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: .*bad\.json: /);
    expect(lines[0]).toMatch(problem);
    expect(await rawDump(toConn, b)).toEqual(before);
  });

  it('a missing file, a missing argument and an unknown subcommand are usage errors', async () => {
    const missing = await runCli(['subscriptions', 'import', join(dir, 'nope.json')], env(to, b));
    expect([missing.code, missing.stderr.trim()]).toEqual([2, `error: ${join(dir, 'nope.json')}: no such file`]);
    for (const [args, what, help] of [
      [['subscriptions', 'import'], "missing required argument 'path'", 'subscriptions import'],
      [['subscriptions', 'purge'], "unknown command 'purge'", 'subscriptions'],
      [['subscriptions', 'erase'], "required option '--address <address>' not specified", 'subscriptions erase'],
      [['subscriptions'], 'a command is missing', 'subscriptions'],
    ] as const) {
      const r = await runCli([...args], env(to, b));
      expect([r.code, r.stderr]).toEqual([2, `error: ${what} (secnumcloud-tracker ${help} --help shows the usage)\n`]);
    }
  });
});

import { App, ExpressReceiver, LogLevel as BoltLogLevel } from '@slack/bolt';
import { ErrorCode, LogLevel, WebClient, type Logger, type WebClientOptions } from '@slack/web-api';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postSlashCommand, signRequest, slashCommandBody, startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../emulators/slack/index.js';

/** WebClient logs platform errors itself; the tests assert them instead. */
const quiet: Logger = {
  debug: () => {}, info: () => {}, warn: () => {}, error: () => {},
  setLevel: () => {}, getLevel: () => LogLevel.ERROR, setName: () => {},
};
const running: FakeSlack[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((f) => f.close()));
});

async function setup(opts: FakeSlackOptions = {}, client: WebClientOptions = {}): Promise<{ fake: FakeSlack; slack: WebClient }> {
  const fake = await startFakeSlack(opts);
  running.push(fake);
  fake.addChannel({ id: 'C0ALERTS', name: 'alerts' });
  fake.addChannel({ id: 'C0OUTSIDE', name: 'outside', isMember: false });
  fake.addChannel({ id: 'C0OLD', name: 'old', isArchived: true });
  const slack = new WebClient(fake.token, {
    slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: quiet, ...client,
  });
  return { fake, slack };
}

/** The rejection of a WebClient call, for assertions on its code and data. */
async function failure(p: Promise<unknown>): Promise<{ code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: string };
  }
  throw new Error('expected the call to fail');
}

const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Cegedim* is qualified' } }];
const metadata = { event_type: 'secnumcloud_delivery', event_payload: { delivery: 'd-abc123' } };

describe('fake Slack Web API, driven by a real WebClient', () => {
  it('stores a posted message with blocks and metadata, and conversations.history finds the metadata back only when asked', async () => {
    const { fake, slack } = await setup();
    const posted = await slack.chat.postMessage({ channel: 'C0ALERTS', text: 'Cegedim is qualified', blocks, metadata, unfurl_links: false });
    expect(posted.ok).toBe(true);
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    const [stored] = fake.messagesIn('C0ALERTS');
    expect(stored).toMatchObject({ ts: posted.ts, text: 'Cegedim is qualified', metadata, unfurl_links: false });
    expect(stored?.blocks).toEqual([{ ...blocks[0], block_id: expect.any(String), text: { ...blocks[0]?.text, verbatim: false } }]);
    expect(fake.callsTo('chat.postMessage')[0]?.params.metadata).toEqual(metadata); // form-encoded JSON, decoded

    const withMeta = await slack.conversations.history({ channel: 'C0ALERTS', limit: 10, include_all_metadata: true });
    expect(withMeta.messages?.[0]).toMatchObject({ ts: posted.ts, metadata, bot_id: fake.botId });
    const without = await slack.conversations.history({ channel: 'C0ALERTS', limit: 10 });
    expect(without.messages?.[0]?.metadata).toBeUndefined();
  });

  it('answers channel, membership, archive and token errors as platform errors with the right data.error', async () => {
    const { fake, slack } = await setup();
    const post = (channel: string) => failure(slack.chat.postMessage({ channel, text: 'x' }));
    expect(await post('C0OUTSIDE')).toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'not_in_channel' } });
    expect(await post('C0NOPE')).toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'channel_not_found' } });
    expect(await post('C0OLD')).toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'is_archived' } });
    expect(await failure(slack.chat.postMessage({ channel: 'C0ALERTS', text: '' }))).toMatchObject({ data: { error: 'no_text' } });
    const stranger = new WebClient('xoxb-not-the-token', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
    expect(await failure(stranger.auth.test())).toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'invalid_auth' } });
    expect(await failure(slack.apiCall('chat.scheduleMessage', { channel: 'C0ALERTS' }))).toMatchObject({ data: { error: 'unknown_method' } });
    fake.updateChannel('C0ALERTS', { isMember: false });
    expect(await post('C0ALERTS')).toMatchObject({ data: { error: 'not_in_channel' } });
    expect(fake.messagesIn('C0ALERTS')).toHaveLength(0);
  });

  it('accepts a JSON body with the token in the Authorization header, and ignores a token inside JSON', async () => {
    const { fake } = await setup();
    const call = (headers: Record<string, string>, body: object) =>
      fetch(`${fake.apiUrl}chat.postMessage`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) })
        .then(async (r) => ({ type: r.headers.get('content-type'), body: (await r.json()) as { ok: boolean; error?: string } }));
    const ok = await call({ authorization: `Bearer ${fake.token}` }, { channel: 'C0ALERTS', text: 'json', metadata });
    expect(ok).toMatchObject({ type: 'application/json; charset=utf-8', body: { ok: true } });
    expect(fake.messagesIn('C0ALERTS')[0]?.metadata).toEqual(metadata);
    expect((await call({}, { token: fake.token, channel: 'C0ALERTS', text: 'json' })).body).toEqual({ ok: false, error: 'not_authed' });
  });

  it('refuses blocks beyond Block Kit limits with invalid_blocks and a JSON pointer', async () => {
    const { slack } = await setup();
    const long = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    const err = await failure(slack.chat.postMessage({ channel: 'C0ALERTS', text: 'x', blocks: long }));
    expect(err.data).toMatchObject({ error: 'invalid_blocks', response_metadata: { messages: [expect.stringContaining('/blocks/0/text/text')] } });
  });

  it('turns a scripted ratelimited behaviour into a 429 that WebClient rejects with retryAfter', async () => {
    const { fake, slack } = await setup();
    fake.script('chat.postMessage', [{ error: 'ratelimited', retryAfter: 7 }]);
    const err = await failure(slack.chat.postMessage({ channel: 'C0ALERTS', text: 'x' }));
    expect(err).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(fake.callsTo('chat.postMessage')[0]).toMatchObject({ status: 429, fault: '429' });
    expect(fake.messagesIn('C0ALERTS')).toHaveLength(0);
    await slack.chat.postMessage({ channel: 'C0ALERTS', text: 'the script is consumed' });
    expect(fake.messagesIn('C0ALERTS')).toHaveLength(1);
  });

  it('leaves the message stored when a 500 comes after the store: the client sees an HTTP error, an in-doubt send', async () => {
    const { fake, slack } = await setup();
    fake.script('chat.postMessage', [{ http: 500 }, { http: 500, afterStore: true }]);
    expect(await failure(slack.chat.postMessage({ channel: 'C0ALERTS', text: 'lost', metadata }))).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    expect(fake.messagesIn('C0ALERTS')).toHaveLength(0);
    expect(await failure(slack.chat.postMessage({ channel: 'C0ALERTS', text: 'in doubt', metadata }))).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    expect(fake.messagesIn('C0ALERTS').map((m) => m.text)).toEqual(['in doubt']);
  });

  it('stores the message when the answer is delayed past the client timeout', async () => {
    const { fake, slack } = await setup({}, { timeout: 100 });
    fake.script('chat.postMessage', [{ delayMs: 400, afterStore: true }]);
    expect(await failure(slack.chat.postMessage({ channel: 'C0ALERTS', text: 'slow' }))).toMatchObject({ code: ErrorCode.RequestError });
    expect(fake.messagesIn('C0ALERTS')).toHaveLength(1);
  });

  it('limits chat.postMessage per channel on the scaled clock: burst, then 429 with Retry-After, then room again', async () => {
    const { fake, slack } = await setup({ timeScale: 10, rateLimits: { postBurst: 3 } });
    fake.addChannel({ id: 'C0OTHER', name: 'other' });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => slack.chat.postMessage({ channel: 'C0ALERTS', text: `m${i}` })));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason as { code?: string; retryAfter?: number });
    expect(results.length - refused.length).toBeGreaterThanOrEqual(3);
    expect(results.length - refused.length).toBeLessThanOrEqual(5); // 3 of burst + what 10/s refills meanwhile
    expect(refused[0]).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
    await expect(slack.chat.postMessage({ channel: 'C0OTHER', text: 'another channel has its own bucket' })).resolves.toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 250)); // 2.5 emulated seconds
    await expect(slack.chat.postMessage({ channel: 'C0ALERTS', text: 'after the wait' })).resolves.toMatchObject({ ok: true });
  });

  it('draws the same random faults for the same seed', async () => {
    const outcomes = async (seed: number): Promise<string[]> => {
      const { fake, slack } = await setup({ seed, rateLimits: false });
      fake.faults({ rate429: 0.3, rate500: 0.3, storeBefore500: 0.5, methods: ['chat.postMessage'] });
      for (let i = 0; i < 20; i++) await slack.chat.postMessage({ channel: 'C0ALERTS', text: `m${i}` }).catch(() => undefined);
      return fake.callsTo('chat.postMessage').map((c) => c.fault ?? 'ok');
    };
    const first = await outcomes(42);
    expect(await outcomes(42)).toEqual(first);
    expect(first).toContain('429');
    expect(first).toContain('ok');
  });

  it('pages conversations.history newest first with limit, cursor, oldest and latest', async () => {
    const { fake, slack } = await setup();
    const ts: string[] = [];
    for (let i = 0; i < 5; i++) ts.push(fake.seedMessage('C0ALERTS', { text: `m${i}`, ts: `1700000000.00010${i}` }).ts);
    const page1 = await slack.conversations.history({ channel: 'C0ALERTS', limit: 2 });
    expect(page1.messages?.map((m) => m.text)).toEqual(['m4', 'm3']);
    expect(page1.has_more).toBe(true);
    const page2 = await slack.conversations.history({ channel: 'C0ALERTS', limit: 2, cursor: page1.response_metadata?.next_cursor ?? '' });
    expect(page2.messages?.map((m) => m.text)).toEqual(['m2', 'm1']);
    const window = await slack.conversations.history({ channel: 'C0ALERTS', oldest: ts[1], latest: ts[3] });
    expect(window.messages?.map((m) => m.text)).toEqual(['m2']);
    expect(await failure(slack.conversations.history({ channel: 'C0OUTSIDE' }))).toMatchObject({ data: { error: 'not_in_channel' } });
  });

  it('describes channels and users as conversations.info and users.info do', async () => {
    const { fake, slack } = await setup();
    fake.addUser({ id: 'U0ADMIN', name: 'claire', isAdmin: true });
    expect((await slack.conversations.info({ channel: 'C0OUTSIDE' })).channel).toMatchObject({ id: 'C0OUTSIDE', name: 'outside', is_member: false, is_archived: false });
    expect((await slack.users.info({ user: 'U0ADMIN' })).user).toMatchObject({ is_admin: true, is_owner: false });
    expect(await failure(slack.users.info({ user: 'U0NOBODY' }))).toMatchObject({ data: { error: 'user_not_found' } });
    expect(await slack.auth.test()).toMatchObject({ team_id: fake.teamId, user_id: fake.botUserId, bot_id: fake.botId });
  });
});

describe('slash commands as Slack sends them', () => {
  it('signs with v0 HMAC-SHA256 of v0:timestamp:body, as computed independently', () => {
    const body = 'token=x&team_id=T1&command=%2Fsecnumcloud&text=list';
    const expected = `v0=${createHmac('sha256', 'shh-secret').update(`v0:1700000000:${body}`).digest('hex')}`;
    expect(signRequest('shh-secret', body, 1700000000)).toEqual({ 'x-slack-request-timestamp': '1700000000', 'x-slack-signature': expected });
    const form = new URLSearchParams(slashCommandBody({ text: 'subscribe IaaS', responseUrl: 'http://127.0.0.1/r', channelId: 'C0ALERTS' }));
    expect(Object.fromEntries(form)).toMatchObject({ command: '/secnumcloud', text: 'subscribe IaaS', channel_id: 'C0ALERTS', is_enterprise_install: 'false' });
  });

  it('gets through a real Bolt app: auth.test at start, signature checked, reply POSTed to the response URL', async () => {
    const { fake } = await setup();
    const receiver = new ExpressReceiver({ signingSecret: 'shh-secret', logLevel: BoltLogLevel.ERROR });
    const app = new App({ token: fake.token, receiver, clientOptions: { slackApiUrl: fake.apiUrl }, logLevel: BoltLogLevel.ERROR });
    app.command('/secnumcloud', async ({ ack, respond, command }) => {
      await ack();
      await respond({ text: `you said ${command.text}`, response_type: 'ephemeral' });
    });
    const server = await receiver.start(0);
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      const fields = { text: 'list', responseUrl: fake.responseUrl('cmd-1'), teamId: fake.teamId };
      const ok = await postSlashCommand(url, 'shh-secret', fields);
      expect(ok).toMatchObject({ status: 200, withinDeadline: true });
      expect((await fake.waitForResponse('cmd-1')).body).toMatchObject({ text: 'you said list', response_type: 'ephemeral' });
      expect(fake.callsTo('auth.test')).toHaveLength(1);
      expect((await postSlashCommand(url, 'shh-secret', fields, { badSignature: true })).status).toBe(401);
      expect((await postSlashCommand(url, 'shh-secret', fields, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
      expect((await postSlashCommand(url, 'shh-secret', fields, { omitHeaders: true })).status).toBe(401);
      expect(fake.responsesTo('cmd-1')).toHaveLength(1);
    } finally {
      await receiver.stop();
    }
  });
});

import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Agent, ProxyAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError, type OutboxItem } from '../../src/core/delivery.js';
import type { ChannelRef } from '../../src/core/subscriptions.js';
import { createDiscordRest } from '../../src/platforms/discord/rest.js';
import { classify, createDiscordSender } from '../../src/platforms/discord/sender.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

interface Seen { method: string; url: string; auth: string | undefined; body: Record<string, unknown> }

/** Discord's answers, by channel id: what a real channel in that state would get. */
const ANSWERS: Record<string, { status: number; headers?: Record<string, string>; body?: unknown }> = {
  '404': { status: 404, body: { code: 10003, message: 'Unknown Channel' } },
  '403': { status: 403, body: { code: 50001, message: 'Missing Access' } },
  '50013': { status: 403, body: { code: 50013, message: 'Missing Permissions' } },
  '400': { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: { embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Too long' }] } } } },
  '401': { status: 401, body: { code: 0, message: '401: Unauthorized' } },
  '429': { status: 429, headers: { 'Retry-After': '3', 'X-RateLimit-Scope': 'user' }, body: { message: 'You are being rate limited.', retry_after: 2.5, global: false } },
  '4290': { status: 429, headers: { 'Retry-After': '7', 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' }, body: { message: 'You are being rate limited.', retry_after: 6.5, global: true } },
  '500': { status: 500, body: { message: 'Internal Server Error', code: 0 } },
};

/**
 * A tiny Discord: POST /v10/channels/:id/messages, with enforce_nonce honoured as Discord does: a known nonce is
 * answered with the message first created under it (its content and embeds), whatever the new body says.
 */
async function startStub(): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const byNonce = new Map<string, Record<string, unknown>>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      const channel = /^\/v10\/channels\/(\d+)\/messages$/.exec(req.url ?? '')?.[1] ?? '';
      const a = ANSWERS[channel];
      const nonce = String(body.nonce);
      const created = { id: `9${1000 + seen.length}`, channel_id: channel, nonce, content: body.content, embeds: ((body.embeds ?? []) as object[]).map((e) => ({ type: 'rich', ...e })) };
      const answer = a ?? { status: 200, body: (body.enforce_nonce && byNonce.get(nonce)) || created };
      if (!a && body.enforce_nonce && !byNonce.has(nonce)) byNonce.set(nonce, created);
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const offer = catalogueSnapshot().offers[0]!;
const item = (deliveryId: string): OutboxItem => ({ deliveryId, event: { id: 'e1', kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '', offer } });
const to = (channel: string): ChannelRef => ({ platform: 'discord', workspace: '1', channel });
const DL = 'dl0123456789abcdef01234567';

async function failure(url: string, channel: string): Promise<DeliveryError> {
  const sender = createDiscordSender(createDiscordRest({ token: 'tok', apiUrl: url }));
  const err = await sender.send(to(channel), item(DL), 'fr', 1).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('Discord sender', () => {
  it('posts the alert with a stable nonce, enforce_nonce and no mentions; a second attempt gets the same message', async () => {
    const stub = await startStub();
    const sender = createDiscordSender(createDiscordRest({ token: 'tok', apiUrl: `${stub.url}/` }));
    const first = await sender.send(to('100'), item(DL), 'fr', 1);
    const again = await sender.send(to('100'), item(DL), 'fr', 2);
    const other = await sender.send(to('100'), item('dl99999999999999999999999f'), 'fr', 1);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    const [a, b, c] = stub.seen;
    expect(a?.method).toBe('POST');
    expect(a?.url).toBe('/v10/channels/100/messages');
    expect(a?.auth).toBe('Bot tok');
    const nonce = a?.body.nonce as string;
    expect(typeof nonce).toBe('string');
    expect(nonce.length).toBeLessThanOrEqual(25);
    expect(nonce).not.toMatch(/^\d+$/);
    expect(b?.body.nonce).toBe(nonce);
    expect(c?.body.nonce).not.toBe(nonce);
    expect(a?.body.enforce_nonce).toBe(true);
    expect(a?.body.allowed_mentions).toEqual({ parse: [] });
    expect(a?.body.content).toBe('Nouvelle qualification SecNumCloud : Cegedim — CegNumCloud Secured IaaS');
    expect((a?.body.embeds as Array<{ title: string }>)[0]?.title).toBe('Nouvelle qualification SecNumCloud');
  });

  it('does not take an earlier, different message answered under the same nonce as delivered', async () => {
    const stub = await startStub();
    const sender = createDiscordSender(createDiscordRest({ token: 'tok', apiUrl: stub.url }));
    const other = catalogueSnapshot().offers[1]!;
    const first = await sender.send(to('100'), item(DL), 'fr', 1);
    // Same delivery id (so same nonce), another change in the body: Discord answers with the first message.
    const conflicting: OutboxItem = { deliveryId: DL, event: { id: 'e2', kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '', offer: other } };
    const err = await sender.send(to('100'), conflicting, 'fr', 2).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect([(err as DeliveryError).outcome, (err as DeliveryError).details.code]).toEqual(['transient', 'nonce_conflict']);
    expect((err as DeliveryError).message).toContain(first);
    // The same message in another language is not the same message either.
    await expect(sender.send(to('100'), item(DL), 'en', 2)).rejects.toMatchObject({ details: { code: 'nonce_conflict' } });
    expect(await sender.send(to('100'), item(DL), 'fr', 3)).toBe(first);
  });

  it('classifies a channel that is gone or closed to the bot as permanent and gone', async () => {
    const stub = await startStub();
    for (const [channel, code] of [['404', '10003'], ['403', '50001'], ['50013', '50013']] as const) {
      const err = await failure(stub.url, channel);
      expect([err.outcome, err.details.channelGone, err.details.code]).toEqual(['permanent', true, code]);
    }
  });

  it('classifies a refused body and a bad token as permanent, the channel kept', async () => {
    const stub = await startStub();
    for (const [channel, code] of [['400', '50035'], ['401', '0']] as const) {
      const err = await failure(stub.url, channel);
      expect([err.outcome, err.details.channelGone, err.details.code]).toEqual(['permanent', undefined, code]);
    }
  });

  it('rejects a channel rate limit at once with its delay, not global', async () => {
    const stub = await startStub();
    const err = await failure(stub.url, '429');
    expect(err.outcome).toBe('rate-limited');
    expect(err.details.retryAfterMs).toBeGreaterThanOrEqual(3_000);
    expect(err.details.retryAfterMs).toBeLessThan(4_000);
    expect(err.details.global).toBe(false);
    expect(stub.seen).toHaveLength(1);
  });

  it('marks a global rate limit as global', async () => {
    const stub = await startStub();
    const err = await failure(stub.url, '4290');
    expect([err.outcome, err.details.global]).toEqual(['rate-limited', true]);
    expect(err.details.retryAfterMs).toBeGreaterThanOrEqual(7_000);
  });

  it('treats a 5xx and a network failure as transient, with no retry of its own', async () => {
    const stub = await startStub();
    const err = await failure(stub.url, '500');
    expect(err.outcome).toBe('transient');
    expect(stub.seen).toHaveLength(1);
    await new Promise((r) => stub.server.close(r));
    const down = await failure(stub.url, '100');
    expect([down.outcome, down.details.code]).toEqual(['transient', 'ECONNREFUSED']);
  });

  it('treats timeouts and reset connections as transient', () => {
    expect(classify(new DOMException('This operation was aborted', 'AbortError')).outcome).toBe('transient');
    expect(classify(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })).details.code).toBe('ECONNRESET');
  });

  it('sends through the dispatcher it is given, e.g. a ProxyAgent for HTTPS_PROXY', async () => {
    const stub = await startStub();
    const tunnels: string[] = [];
    const proxy = createServer();
    proxy.on('connect', (req, socket, head) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    servers.push(proxy);
    const agent = new ProxyAgent({ uri: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, proxyTunnel: true });
    try {
      const sender = createDiscordSender(createDiscordRest({ token: 'tok', apiUrl: stub.url, agent }));
      expect(await sender.send(to('100'), item(DL), 'en', 1)).toMatch(/^9\d+$/);
      expect(tunnels).toEqual([new URL(stub.url).host]);
    } finally {
      await agent.close();
    }
    // Any undici dispatcher will do (undici 7 here, while @discordjs/rest bundles undici 6).
    const plain = new Agent();
    const sender = createDiscordSender(createDiscordRest({ token: 'tok', apiUrl: stub.url, agent: plain }));
    await expect(sender.send(to('100'), item(DL), 'en', 1)).resolves.toMatch(/^9\d+$/);
    await plain.close();
  });
});

/**
 * E-mail deliveries through the real worker path, to a real SMTP server on the loopback (`smtp-server`), every
 * message parsed back (`mailparser`): multipart plain text and HTML in the target's language, a Message-ID stable
 * across a retry, unsubscribe headers and link; daily and weekly digests released by the scheduled job; the
 * unsubscribe link served over HTTP (GET shows a form, POST erases, a forged token is refused); and an erase that
 * leaves no trace of the address in Redis.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import type { OfferEvent } from '../../src/core/events.js';
import { TARGET_WORKSPACE } from '../../src/core/platforms.js';
import { subscriptionId, type ChannelRef } from '../../src/core/subscriptions.js';
import type { DigestMode } from '../../src/core/targets.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { emailPlatform } from '../../src/platforms/email/platform.js';
import { mountUnsubscribe } from '../../src/platforms/email/unsubscribe-route.js';
import { unsubscribeUrl } from '../../src/platforms/email/unsubscribe.js';
import { emailDigestSchedulerId, QUEUES } from '../../src/queues/names.js';
import type { MaintenanceJob } from '../../src/queues/payloads.js';
import { syncMaintenance } from '../../src/queues/scheduler.js';
import { eraseChannel } from '../../src/store/erase-channel.js';
import type { Keys } from '../../src/store/keys.js';
import type { OutboxStore } from '../../src/store/outbox-store.js';
import { createRateLimiter } from '../../src/store/rate-limiter.js';
import type { RedisSubscriptionStore } from '../../src/store/subscription-store.js';
import type { TargetStore } from '../../src/store/target-store.js';
import { releaseEmailDigests } from '../../workers/email-digest.js';
import { fanOut, type FanoutDeps } from '../../workers/fanout.worker.js';
import { startMaintenanceWorker } from '../../workers/maintenance.worker.js';
import { startNotifyWorker } from '../../workers/notify.worker.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import type { NotifyQueueSet } from '../support/notify-queues.js';
import { silentLogger } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startFakeSmtp, type FakeSmtp, type ReceivedMail } from '../emulators/smtp/index.js';
import { dumpPrefix } from '../support/redis-dump.js';
import { deliveryStores } from '../support/delivery-stores.js';

const SECRET = 'unsubscribe-key-3f9a1c7e5b2d8a4c6e0f';
const ADDRESS = 'rssi.veille@ministere.example.fr';

let redis: TestRedis;
let conn: Redis;
let keys: Keys;
let subs: RedisSubscriptionStore;
let outbox: OutboxStore;
let targets: TargetStore;
let queues: NotifyQueueSet;
let smtp: FakeSmtp;
let web: HttpServer;
let deps: FanoutDeps;
let stops: Array<() => Promise<void>> = [];

const offers = catalogueSnapshot().offers;
let n = 0;
const added = (i: number): OfferEvent => ({ id: `m${++n}`, kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-12-01T09:00:00.000Z', offer: offers[i]! });
const removed = (i: number): OfferEvent => ({ id: `m${++n}`, kind: 'offer.removed', source: 'anssi-catalogue', detectedAt: '2026-12-01T09:00:00.000Z', offer: offers[i]! });

beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn?.disconnect();
  await redis?.stop();
});
beforeEach(async () => {
  ({ keys, subs, outbox, targets, queues, deps } = deliveryStores(conn, 'em'));
  smtp = await startFakeSmtp();
  // The web role's one server, with the unsubscribe link mounted as web-role.ts mounts it.
  web = await startHttpServer({ port: 0, host: '127.0.0.1', logger: silentLogger, mount: (app) => mountUnsubscribe(app, { secret: SECRET, redis: conn, keys, logger: silentLogger, drains: queues.queues.email }) });
});
afterEach(async () => {
  for (const stop of stops.reverse()) await stop();
  stops = [];
  await queues.close();
  await smtp.close();
  await web.close();
});

/** The configuration a deployment would have: SMTP with a login, MAIL_FROM, PUBLIC_URL (the web server) and the key. */
function config(extra: Record<string, string> = {}): Config {
  return loadConfig({
    SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_USER: smtp.user, SMTP_PASS: smtp.pass, SMTP_TIMEOUT_MS: '3000',
    MAIL_FROM: 'Veille SecNumCloud <veille@tracker.example.fr>', PUBLIC_URL: web.url, MAIL_UNSUBSCRIBE_SECRET: SECRET, ...extra,
  });
}

async function addTarget(name: string, digest: DigestMode, lang: 'fr' | 'en', address = ADDRESS): Promise<ChannelRef> {
  const channel: ChannelRef = { platform: 'email', workspace: TARGET_WORKSPACE, channel: name };
  await targets.set(channel, { address, digest });
  await subs.setLang(channel, lang);
  await subs.add({ id: subscriptionId(channel, ['qualifications'], [], []), channel, topics: ['qualifications'], providers: [], keywords: [], createdAt: '2026-12-01T08:00:00.000Z' });
  return channel;
}

/** The drain workers with the e-mail sender exactly as production builds it from the configuration. */
function startWorker(c: Config = config()): void {
  const sender = emailPlatform.sender({ config: c, redis: conn, keys, logger: silentLogger });
  const started = startNotifyWorker({
    outbox, subscriptions: subs, senders: { email: sender }, fanout: deps, logger: silentLogger, clock: () => new Date(), defaultLang: 'fr',
    limiter: createRateLimiter(conn, keys), digestThreshold: 5, connection: conn, prefix: keys.prefix, timeScale: 20,
  });
  stops.push(started.stop);
}

const settled = (): Promise<void> => queues.settled();

/** A header as sent (mailparser turns List-* headers into objects): its raw line, unfolded. */
const header = (m: ReceivedMail, name: string): string => {
  const line = m.parsed.headerLines.find((h) => h.key === name)?.line ?? '';
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
};

/** Every key and value under the test's prefix, as text. */
const everything = (skip: string[] = []): Promise<string> => dumpPrefix(conn, keys.prefix, skip);

describe('immediate e-mail', () => {
  it('sends multipart text and HTML in French, with a Message-ID from the delivery id and unsubscribe headers', async () => {
    const channel = await addTarget('email-fr', 'immediate', 'fr');
    startWorker();
    const event = added(0);
    await fanOut(deps, event);
    const [mail] = await smtp.waitFor(1);
    await settled();
    expect(mail!.to).toEqual([ADDRESS]);
    expect(mail!.raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(mail!.parsed.text).toContain(offers[0]!.provider);
    expect(mail!.parsed.html).toContain(offers[0]!.provider.replace(/&/g, '&amp;').slice(0, 5));
    expect(mail!.parsed.subject).toMatch(/^\[SecNumCloud\] /);
    expect(mail!.parsed.text).toContain('Se désabonner');
    const deliveryId = /^<(dl[0-9a-f]{24})\./.exec(mail!.parsed.messageId ?? '')?.[1];
    expect(await outbox.getDelivery(deliveryId ?? '')).toMatchObject({ status: 'sent', messageId: mail!.parsed.messageId });
    expect(mail!.parsed.messageId).toMatch(/^<dl[0-9a-f]{24}\.secnumcloud-tracker@tracker\.example\.fr>$/);
    const link = unsubscribeUrl(web.url, SECRET, channel.channel);
    expect(header(mail!, 'list-unsubscribe')).toContain(link);
    expect(header(mail!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail!.parsed.text).toContain(link);
    expect(link).not.toContain(ADDRESS);
    expect(mail!.parsed.from?.text).toContain('veille@tracker.example.fr');
  });

  it('writes English for an English target, and no unsubscribe link at all without PUBLIC_URL', async () => {
    await addTarget('email-en', 'immediate', 'en');
    startWorker(config({ PUBLIC_URL: '', MAIL_UNSUBSCRIBE_SECRET: '' }));
    await fanOut(deps, removed(1));
    const [mail] = await smtp.waitFor(1);
    expect(mail!.parsed.text).toContain('To stop receiving these messages');
    expect(mail!.parsed.text).not.toMatch(/https?:\/\/[^\s]*unsubscribe/);
    expect(mail!.parsed.headers.has('list-unsubscribe')).toBe(false);
    expect(mail!.parsed.html).toContain('lang="en"');
  });

  it('keeps the Message-ID across a retry after an SMTP 451, and after an answer lost once the data was sent', async () => {
    await addTarget('email-retry', 'immediate', 'fr');
    smtp.refuseNext(1);
    startWorker();
    await fanOut(deps, added(2));
    await smtp.waitFor(1, 20_000);
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[0]!.accepted).toBe(false);
    const first = smtp.received[0]!.parsed.messageId;
    expect(smtp.received[1]!.parsed.messageId).toBe(first);

    // In doubt: the data arrived, the answer did not. Sent again, with the same Message-ID: a receiver can dedupe.
    smtp.dropNext(1);
    await fanOut(deps, added(3));
    await smtp.waitFor(2, 20_000);
    await settled();
    const doubted = smtp.received.slice(2);
    expect(doubted).toHaveLength(2);
    expect(doubted[1]!.parsed.messageId).toBe(doubted[0]!.parsed.messageId);
    expect(doubted[1]!.parsed.messageId).not.toBe(first);
  });

  it('disables an address the server refuses at RCPT (550), with the reason and without the address', async () => {
    const channel = await addTarget('email-gone', 'immediate', 'fr', 'parti@ministere.example.fr');
    smtp.unknownRecipients.add('parti@ministere.example.fr');
    startWorker();
    await fanOut(deps, added(5));
    await settled();
    expect(smtp.received).toHaveLength(0);
    const [failed] = await outbox.failed(5);
    expect(failed?.record).toMatchObject({ status: 'failed', error: 'email: SMTP 550 for the recipient (EENVELOPE)' });
    expect((await subs.all()).find((x) => x.channel.channel === channel.channel)?.disabled?.reason).toBe('email: SMTP 550 for the recipient (EENVELOPE)');
  });

  it('keeps the address out of job data, job ids, outboxes and delivery records (the target store only)', async () => {
    const channel = await addTarget('email-private', 'immediate', 'fr');
    await fanOut(deps, added(4)); // queued with no worker running: the job waits, as the dashboard would show it
    expect((await queues.queues.email.getJobs(['wait', 'delayed'])).map((j) => j.data)).toEqual([{ channel }]);
    startWorker();
    await smtp.waitFor(1);
    await settled();
    const stored = await everything([keys.targets()]);
    expect(stored).toContain('email-private');
    expect(stored.toLowerCase()).not.toContain(ADDRESS);
    expect(stored).not.toContain('ministere.example.fr');
    expect(JSON.stringify(await conn.hgetall(keys.targets()))).toContain(ADDRESS);
  });
});

async function maintenance(): Promise<Queue<MaintenanceJob>> {
  const queue = new Queue<MaintenanceJob>(QUEUES.maintenance, { connection: conn, prefix: keys.prefix });
  const worker = startMaintenanceWorker({
    connection: conn, prefix: keys.prefix, logger: silentLogger, sources: () => [], timeZone: 'Europe/Paris', windows: [90],
    store: undefined as never, editions: undefined as never, changeLog: undefined as never, clock: () => new Date(),
    emailDigest: (period: 'daily' | 'weekly') => releaseEmailDigests({ targets, outbox, queue: queues.queues.email, logger: silentLogger }, period),
  } as unknown as Parameters<typeof startMaintenanceWorker>[0]);
  stops.push(async () => {
    await worker.stop();
    await queue.close();
  });
  return queue;
}

/** What the scheduler enqueues at the digest's time: its own job template, run now rather than at 08:00. */
async function fire(queue: Queue<MaintenanceJob>, period: 'daily' | 'weekly'): Promise<void> {
  const scheduler = await queue.getJobScheduler(emailDigestSchedulerId(period));
  expect(scheduler?.template?.data).toEqual({ task: 'email-digest', period });
  await queue.add('email-digest', scheduler!.template!.data!, { jobId: `fire-${period}-${Date.now()}` });
}

describe('digests', () => {
  it('holds a daily target\'s changes until the scheduled job, then sends them as one message; later ones wait', async () => {
    await addTarget('email-daily', 'daily', 'fr');
    const weekly = await addTarget('email-weekly', 'weekly', 'en', 'dsi@collectivite.example.fr');
    const queue = await maintenance();
    await syncMaintenance(queue, { time: '08:00', timeZone: 'Europe/Paris', emailDigest: { time: '07:30', weekday: 1 } });
    const schedulers = Object.fromEntries((await queue.getJobSchedulers(0, -1)).map((s) => [s.key, s]));
    expect(schedulers['email-digest-daily']).toMatchObject({ pattern: '30 7 * * *', tz: 'Europe/Paris' });
    expect(schedulers['email-digest-weekly']).toMatchObject({ pattern: '30 7 * * 1', tz: 'Europe/Paris' });
    startWorker();
    const events = [added(5), added(6), removed(7)];
    for (const e of events) await fanOut(deps, e);
    await settled();
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(0); // held: the drains woke and left everything queued
    expect(await outbox.peek(weekly, 10)).toHaveLength(3);

    await fire(queue, 'daily');
    const [digest] = await smtp.waitFor(1);
    await settled();
    expect(digest!.to).toEqual([ADDRESS]);
    expect(digest!.parsed.subject).toBe('[SecNumCloud] Résumé du jour : 3 changements (2 ajouts, 1 retrait)');
    for (const e of events) expect(digest!.parsed.text).toContain(e.offer.provider);
    expect(digest!.parsed.messageId).toMatch(/^<dg[0-9a-f]{24}\./);

    // A change after the digest waits for the next one; the weekly target still holds all of its own.
    await fanOut(deps, added(8));
    await settled();
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.accepted()).toHaveLength(1);
    await fire(queue, 'weekly');
    const [, week] = await smtp.waitFor(2);
    expect(week!.to).toEqual(['dsi@collectivite.example.fr']);
    expect(week!.parsed.subject).toBe('[SecNumCloud] Weekly digest: 4 changes (3 added, 1 removed)');
    await fire(queue, 'daily');
    const [, , next] = await smtp.waitFor(3);
    expect(next!.to).toEqual([ADDRESS]);
    expect(next!.parsed.subject).toMatch(/Résumé du jour : 1 changement \(1 ajout\)$/);
    await settled();
    expect(await outbox.peek(weekly, 10)).toHaveLength(0);
  });

  it('a digest whose answer is lost is sent again whole, with the same Message-ID; none is lost', async () => {
    const channel = await addTarget('email-doubt', 'daily', 'fr');
    const queue = await maintenance();
    await syncMaintenance(queue, { time: '08:00', timeZone: 'Europe/Paris', emailDigest: { time: '08:00', weekday: 1 } });
    startWorker();
    for (const e of [added(9), added(10)]) await fanOut(deps, e);
    await settled();
    smtp.dropNext(1);
    await fire(queue, 'daily');
    await smtp.waitFor(1, 20_000);
    await settled();
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[1]!.parsed.messageId).toBe(smtp.received[0]!.parsed.messageId);
    expect(smtp.received[1]!.parsed.subject).toBe(smtp.received[0]!.parsed.subject);
    expect(await outbox.peek(channel, 10)).toHaveLength(0);
  });
});

describe('unsubscribe link and erase', () => {
  it('GET shows a form and changes nothing; a forged token is refused (403); POST erases; one-click again is 200', async () => {
    const channel = await addTarget('email-unsub', 'immediate', 'fr');
    startWorker();
    await fanOut(deps, added(11));
    const [mail] = await smtp.waitFor(1);
    const link = /<([^>]+)>/.exec(header(mail!, 'list-unsubscribe'))![1]!;
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="\/email\/unsubscribe\?target=email-unsub&#38;token=[^"]+"/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await targets.get(channel)).toBeDefined();

    const forged = new URL(link);
    forged.searchParams.set('token', forged.searchParams.get('token')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')));
    expect((await fetch(forged, { method: 'POST' })).status).toBe(403);
    const other = new URL(link);
    other.searchParams.set('target', 'email-someone-else');
    expect((await fetch(other, { method: 'POST' })).status).toBe(403);
    expect((await fetch(other)).status).toBe(403);
    expect(await targets.get(channel)).toBeDefined();

    const post = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(post.status).toBe(200);
    expect(await targets.get(channel)).toBeUndefined();
    expect((await subs.all()).filter((s) => s.channel.channel === 'email-unsub')).toEqual([]);
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);
    expect(await (await fetch(link)).text()).toContain('Déjà désabonné');
  });

  it('erase removes every trace of the address and its target: sent and pending deliveries, digests, jobs', async () => {
    const channel = await addTarget('email-erase', 'daily', 'en');
    const other = await addTarget('email-keep', 'immediate', 'fr', 'autre@example.fr');
    const queue = await maintenance();
    await syncMaintenance(queue, { time: '08:00', timeZone: 'Europe/Paris', emailDigest: { time: '08:00', weekday: 1 } });
    startWorker();
    for (const e of [added(12), added(13)]) await fanOut(deps, e);
    await settled(); // (a digest's drain that finds another drain on its target waits for that one's lease)
    await fire(queue, 'daily');
    await smtp.waitFor(2); // the other target's two immediate ones… and then the digest
    await smtp.waitFor(3);
    await settled();
    await fanOut(deps, added(14)); // pending: held for the next digest
    await settled();
    expect(await outbox.peek(channel, 10)).toHaveLength(1);
    const before = await everything();
    expect(before).toContain('email-erase');
    expect(before).toContain(ADDRESS);

    const erased = await eraseChannel(conn, keys, channel, queues.queues.email);
    expect(erased).toMatchObject({ subscriptions: 1, queued: 1 });
    expect(erased.deliveries).toBeGreaterThanOrEqual(4); // two sent in the digest, the digest itself, one pending
    const after = await everything();
    expect(after).not.toContain(ADDRESS);
    expect(after).not.toContain('email-erase');
    expect(after).toContain('email-keep'); // the other target is untouched
    expect(await targets.get(other)).toBeDefined();
  });
});

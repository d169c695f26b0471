/**
 * A worker killed in the middle of an e-mail digest: the SMTP server has the message's data but never answered,
 * then the process is SIGKILLed. Another worker process takes the drain over once the lease lapses and sends the
 * same digest, whole, with the same Message-ID: at least once, nothing lost (decision 0028).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfferEvent } from '../../src/core/events.js';
import { TARGET_WORKSPACE } from '../../src/core/platforms.js';
import { subscriptionId, type ChannelRef } from '../../src/core/subscriptions.js';
import { createKeys } from '../../src/store/keys.js';
import { createOutboxStore } from '../../src/store/outbox-store.js';
import { createSubscriptionStore } from '../../src/store/subscription-store.js';
import { createTargetStore } from '../../src/store/target-store.js';
import { releaseEmailDigests } from '../../workers/email-digest.js';
import { fanOut } from '../../workers/fanout.worker.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { openNotifyQueues } from '../support/notify-queues.js';
import { silentLogger } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { ROOT } from '../support/run-cli.js';
import { until } from '../support/until.js';
import { startFakeSmtp, type FakeSmtp } from '../emulators/smtp/index.js';

let redis: TestRedis;
let conn: Redis;
let smtp: FakeSmtp;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  [redis, smtp] = await Promise.all([startTestRedis({ appendonly: true }), startFakeSmtp()]);
  conn = createTestConnection(redis);
  dir = mkdtempSync(join(tmpdir(), 'email-crash-'));
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [] }));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  conn?.disconnect();
  await Promise.all([redis?.stop(), smtp?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A tracker worker process, as `start --role worker` runs in production, with e-mail configured. */
function spawnWorker(prefix: string): ChildProcess {
  const child = spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', 'worker'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'ignore'],
    env: {
      ...process.env, REDIS_URL: `unix://${redis.socket}`, REDIS_PREFIX: prefix, SOURCES_FILE: join(dir, 'sources.json'), WORKER_STALLED_INTERVAL_MS: '1000', LOG_FORMAT: 'json',
      SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_USER: smtp.user, SMTP_PASS: smtp.pass, SMTP_TIMEOUT_MS: '60000', MAIL_FROM: 'veille@tracker.example.fr',
    },
  });
  children.push(child);
  return child;
}

describe('a worker killed mid-digest', () => {
  it('leaves the digest to another worker, which sends it whole with the same Message-ID', async () => {
    const keys = createKeys(`ec${Math.random().toString(36).slice(2, 8)}`);
    const subs = createSubscriptionStore(conn, keys);
    const outbox = createOutboxStore(conn, keys);
    const targets = createTargetStore(conn, keys);
    const queues = openNotifyQueues(conn, keys.prefix);
    try {
      const channel: ChannelRef = { platform: 'email', workspace: TARGET_WORKSPACE, channel: 'email-crash' };
      await targets.set(channel, { address: 'rssi@example.fr', digest: 'daily' });
      await subs.add({ id: subscriptionId(channel, ['qualifications'], [], []), channel, topics: ['qualifications'], providers: [], keywords: [], createdAt: '2026-12-01T08:00:00.000Z' });
      const offers = catalogueSnapshot().offers;
      const deps = { subscriptions: subs, outbox, notifyQueues: queues.queues, toConsole: () => {}, logger: silentLogger, clock: () => new Date() };
      const events: OfferEvent[] = [0, 1, 2].map((i) => ({ id: `crash${i}`, kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-12-01T09:00:00.000Z', offer: offers[i]! }));
      for (const e of events) await fanOut(deps, e);
      // What the daily digest job does at its hour: mark what is queued as due, and wake the target's drain.
      expect(await releaseEmailDigests({ targets, outbox, queue: queues.queues.email, logger: silentLogger }, 'daily')).toBe(1);

      smtp.stallNext(1);
      const first = spawnWorker(keys.prefix);
      await until('the digest reaching the SMTP server', () => smtp.received.length === 1, 30_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      expect(smtp.accepted()).toHaveLength(0); // never answered: in doubt

      spawnWorker(keys.prefix);
      await until('the digest sent again', () => smtp.accepted().length === 1, 45_000);
      const [lost, again] = smtp.received;
      expect(again!.parsed.messageId).toBe(lost!.parsed.messageId);
      expect(again!.parsed.subject).toBe(lost!.parsed.subject);
      expect(again!.parsed.subject).toMatch(/3 changements \(3 ajouts\)$/);
      for (const e of events) expect(again!.parsed.text).toContain(e.offer.provider);
      await until('the outbox emptied', async () => (await outbox.peek(channel, 10)).length === 0, 10_000);
      const digestId = /^<(dg[0-9a-f]{24})\./.exec(again!.parsed.messageId ?? '')?.[1] ?? '';
      expect(await outbox.getDelivery(digestId)).toMatchObject({ status: 'sent', attempt: 2 });
    } finally {
      await queues.close();
    }
  }, 90_000);
});

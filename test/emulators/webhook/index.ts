/**
 * A webhook receiver on the loopback, as an integrator would write one: it verifies each request's signature
 * (with the verification the docs show), answers what the test scripts (500s, 429s, redirects, or seeded faults,
 * some after keeping the delivery: in doubt), and keeps each delivery once by its idempotency key, recording every
 * request it saw.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HEADERS, verify } from '../../../src/platforms/webhook/signature.js';
import { prng, Waiters } from '../shared.js';

export interface ReceivedRequest {
  at: number;
  path: string;
  key: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
  signed: boolean;
  status: number;
  fault?: string;
}

export interface Scripted {
  status: number;
  headers?: Record<string, string>;
  /** Keep the delivery before answering (a 500 after storing: the sender cannot know it arrived). */
  keep?: boolean;
}

export interface FakeWebhook {
  url: string;
  port: number;
  secret: string;
  requests: ReceivedRequest[];
  /** Deliveries kept once by idempotency key, in arrival order: key → parsed body. */
  kept: Map<string, unknown>;
  /** The deliveries kept for one path (a target), in the order they were first kept: key and raw body. */
  keptIn(path: string): Array<{ key: string; body: string }>;
  /** Answers for the next requests, in order (then 200). */
  script(...answers: Scripted[]): void;
  /** Seeded random faults: rate429, rate500 (half of them after keeping the delivery), or null. */
  faults(f: { rate429: number; rate500: number; storeBefore500: number } | null): void;
  waitFor(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeWebhook(opts: { secret?: string; seed?: number } = {}): Promise<FakeWebhook> {
  const secret = opts.secret ?? 'whsec-test-0123456789abcdef';
  const requests: ReceivedRequest[] = [];
  const kept = new Map<string, unknown>();
  const byPath = new Map<string, Array<{ key: string; body: string }>>();
  const queue: Scripted[] = [];
  const waiters = new Waiters('fake webhook');
  const random = prng(opts.seed ?? 1);
  let faults: { rate429: number; rate500: number; storeBefore500: number } | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string): string | undefined => [req.headers[name]].flat()[0];
      const key = header(HEADERS.idempotencyKey);
      const signed = verify(secret, { timestamp: header(HEADERS.timestamp), signature: header(HEADERS.signature) }, body, Math.floor(Date.now() / 1000));
      let answer: Scripted = queue.shift() ?? { status: 200, keep: true };
      let fault: string | undefined;
      if (faults && answer.status === 200) {
        const r = random();
        if (r < faults.rate429) [answer, fault] = [{ status: 429, headers: { 'retry-after': '0' } }, '429'];
        else if (r < faults.rate429 + faults.rate500) {
          const after = random() < faults.storeBefore500;
          [answer, fault] = [{ status: 500, keep: after }, after ? '500-after-store' : '500'];
        }
      }
      if (!signed) answer = { status: 401 };
      if (answer.keep && key && !kept.has(key)) {
        kept.set(key, JSON.parse(body));
        const path = (req.url ?? '').split('?')[0]!;
        byPath.set(path, [...(byPath.get(path) ?? []), { key, body }]);
      }
      requests.push({ at: Date.now(), path: req.url ?? '', key, headers: req.headers, body, signed, status: answer.status, ...(fault ? { fault } : {}) });
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.status < 300 ? 'ok' : 'no');
      waiters.changed();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/secnumcloud?token=s3cr3t-in-url`,
    port,
    secret,
    requests,
    kept,
    keptIn: (path) => byPath.get(path) ?? [],
    script: (...answers) => void queue.push(...answers.map((a) => ({ keep: a.status < 300, ...a }))),
    faults: (f) => void (faults = f),
    waitFor: (predicate, timeoutMs = 10_000, what) => waiters.waitFor(predicate, timeoutMs, what),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

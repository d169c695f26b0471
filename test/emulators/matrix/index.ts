/**
 * A Matrix homeserver on the loopback, for the endpoint the tracker uses: `PUT /_matrix/client/v3/rooms/{room}/send/
 * m.room.message/{txnId}`, with a bot account's access token. As Synapse does, a transaction id already used by the
 * same token is answered with the event it created (no second event); a room the bot is not in answers 403
 * M_FORBIDDEN; seeded faults answer 429 M_LIMIT_EXCEEDED (with retry_after_ms) or 500, some after storing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prng, Waiters } from '../shared.js';

export interface RoomEvent {
  event_id: string;
  txnId: string;
  content: { msgtype?: string; body?: string; format?: string; formatted_body?: string; 'm.mentions'?: unknown };
}

export interface MatrixRequest {
  at: number;
  room: string;
  txnId: string;
  status: number;
  fault?: string;
}

export interface FakeMatrix {
  url: string;
  token: string;
  requests: MatrixRequest[];
  joinRoom(room: string): void;
  leaveRoom(room: string): void;
  eventsIn(room: string): RoomEvent[];
  /** Answers for the next sends, in order (then normal ones): a status, and whether the event is stored first. */
  script(...answers: Array<{ status: number; store?: boolean; retryAfterMs?: number }>): void;
  faults(f: { rate429: number; rate500: number; storeBefore500: number } | null): void;
  waitFor(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

const SEND = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/send\/m\.room\.message\/([^/?]+)$/;

export async function startFakeMatrix(opts: { seed?: number; token?: string } = {}): Promise<FakeMatrix> {
  const token = opts.token ?? 'syt_bot_matrix_token_0123456789';
  const joined = new Set<string>();
  const rooms = new Map<string, RoomEvent[]>();
  const txns = new Map<string, string>();
  const requests: MatrixRequest[] = [];
  const queue: Array<{ status: number; store?: boolean; retryAfterMs?: number }> = [];
  const waiters = new Waiters('fake matrix');
  const random = prng(opts.seed ?? 7);
  let faults: { rate429: number; rate500: number; storeBefore500: number } | null = null;
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: object, fault?: string): void => {
        requests.push({ at: Date.now(), room, txnId, status, ...(fault ? { fault } : {}) });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        waiters.changed();
      };
      const m = SEND.exec(req.url ?? '');
      const room = m ? decodeURIComponent(m[1]!) : '';
      const txnId = m?.[2] ?? '';
      if (req.method !== 'PUT' || !m) return answer(404, { errcode: 'M_UNRECOGNIZED', error: 'unrecognized request' });
      if (req.headers.authorization !== `Bearer ${token}`) return answer(401, { errcode: 'M_UNKNOWN_TOKEN', error: 'unknown token' });
      if (!joined.has(room)) return answer(403, { errcode: 'M_FORBIDDEN', error: 'not in the room' });
      let content: RoomEvent['content'];
      try {
        content = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RoomEvent['content'];
      } catch {
        return answer(400, { errcode: 'M_NOT_JSON', error: 'not JSON' });
      }
      if (typeof content.body !== 'string' || typeof content.msgtype !== 'string') return answer(400, { errcode: 'M_BAD_JSON', error: 'body and msgtype are required' });
      let scripted = queue.shift();
      let fault: string | undefined;
      if (!scripted && faults) {
        const r = random();
        if (r < faults.rate429) [scripted, fault] = [{ status: 429, retryAfterMs: 50 }, '429'];
        else if (r < faults.rate429 + faults.rate500) {
          const after = random() < faults.storeBefore500;
          [scripted, fault] = [{ status: 500, store: after }, after ? '500-after-store' : '500'];
        }
      }
      const store = (): string => {
        const key = `${token}/${txnId}`;
        let id = txns.get(key);
        if (!id) {
          id = `$ev${++n}`;
          txns.set(key, id);
          rooms.set(room, [...(rooms.get(room) ?? []), { event_id: id, txnId, content }]);
        }
        return id;
      };
      if (scripted?.status === 429) return answer(429, { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: scripted.retryAfterMs ?? 100 }, fault ?? '429');
      if (scripted && scripted.status >= 400) {
        if (scripted.store) store();
        return answer(scripted.status, { errcode: 'M_UNKNOWN', error: 'internal error' }, fault ?? (scripted.store ? '500-after-store' : '500'));
      }
      answer(200, { event_id: store() });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    requests,
    joinRoom: (room) => void joined.add(room),
    leaveRoom: (room) => void joined.delete(room),
    eventsIn: (room) => rooms.get(room) ?? [],
    script: (...answers) => void queue.push(...answers),
    faults: (f) => void (faults = f),
    waitFor: (predicate, timeoutMs = 10_000, what) => waiters.waitFor(predicate, timeoutMs, what),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * A Microsoft Teams incoming webhook (or Workflows trigger) on the loopback. It takes what Teams takes: a JSON
 * `message` with one Adaptive Card attachment, checked against adaptive-card-subset.schema.json (the elements and
 * properties the Adaptive Cards Schema Explorer documents for those we accept; written for this project, since no
 * package ships Microsoft's schema file) and Teams' 28 KB message limit. It answers as the connectors do: 200 and
 * "1" when posted, 400 for a card it cannot render, 413 when too large, and what a test scripts (429 with
 * Retry-After, 500s, a 200 whose text reports a failure, 404 for a removed webhook). Each path is a channel.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { Waiters } from '../shared.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const SCHEMA = JSON.parse(readFileSync(new URL('./adaptive-card-subset.schema.json', import.meta.url), 'utf8')) as object;
/** Teams refuses messages over about 28 KB. */
export const TEAMS_MAX_BYTES = 28 * 1024;

export interface TeamsRequest {
  at: number;
  path: string;
  body: string;
  status: number;
  /** Why the card was refused (schema errors), when it was. */
  invalid?: string;
}

export interface TeamsScripted {
  status: number;
  headers?: Record<string, string>;
  /** The answer's text (the connectors' "Microsoft Teams endpoint returned HTTP error 429 …" comes with a 200). */
  text?: string;
  /** Post the card before answering (a 500 after posting: the sender cannot know it showed). */
  post?: boolean;
}

export interface FakeTeams {
  /** The URL of one channel's webhook (a token in the path, as Teams' URLs have). */
  urlFor(channel: string): string;
  port: number;
  requests: TeamsRequest[];
  /** The cards posted in a channel, in order (what people would see). */
  posted(channel: string): Array<Record<string, unknown>>;
  script(...answers: TeamsScripted[]): void;
  waitFor(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeTeams(): Promise<FakeTeams> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(SCHEMA);
  const requests: TeamsRequest[] = [];
  const cards = new Map<string, Array<Record<string, unknown>>>();
  const queue: TeamsScripted[] = [];
  const waiters = new Waiters('fake teams');
  const channelOf = (url: string): string => /^\/webhookb2\/([^/?]+)/.exec(url)?.[1] ?? '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      const path = req.url ?? '';
      const answer = (status: number, text: string, headers: Record<string, string> = {}, invalid?: string): void => {
        requests.push({ at: Date.now(), path, body, status, ...(invalid ? { invalid } : {}) });
        res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(text);
        waiters.changed();
      };
      if (req.method !== 'POST' || !channelOf(path)) return answer(404, 'Not found');
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return answer(400, 'Bad payload received by generic incoming webhook.');
      if (raw.length > TEAMS_MAX_BYTES) return answer(413, 'Message size too large');
      let message: unknown;
      try {
        message = JSON.parse(body);
      } catch {
        return answer(400, 'Bad payload received by generic incoming webhook.');
      }
      if (!validate(message)) return answer(400, 'Bad payload received by generic incoming webhook.', {}, ajv.errorsText(validate.errors));
      const scripted = queue.shift() ?? { status: 200, text: '1', post: true };
      const post = scripted.post ?? scripted.status < 300;
      if (post) {
        const channel = channelOf(path);
        const card = (message as { attachments: Array<{ content: Record<string, unknown> }> }).attachments[0]!.content;
        cards.set(channel, [...(cards.get(channel) ?? []), card]);
      }
      answer(scripted.status, scripted.text ?? (scripted.status < 300 ? '1' : 'error'), scripted.headers ?? {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    urlFor: (channel) => `http://127.0.0.1:${port}/webhookb2/${channel}/IncomingWebhook/0123456789abcdef/tok-${channel}`,
    port,
    requests,
    posted: (channel) => cards.get(channel) ?? [],
    script: (...answers) => void queue.push(...answers),
    waitFor: (predicate, timeoutMs = 10_000, what) => waiters.waitFor(predicate, timeoutMs, what),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The fake Slack Web API server: `startFakeSlack()`. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, Faults, RateLimiter, type Behaviour, type RandomFaults, type RateLimitOptions } from './faults.js';
import { decode, readBody, sendJson, sendText, sleep } from './http.js';
import { responseUrlPost } from './response-urls.js';
import { ACCEPTED_SCOPES, METHODS, type Answer } from './methods.js';
import {
  Workspace, type Channel, type ChannelSpec, type RecordedCall, type RecordedResponse, type StoredMessage, type UserSpec,
} from './state.js';

export interface FakeSlackOptions {
  /** Emulated seconds per real second for the rate limits (10 → 10 posts/s per channel). Default 1. */
  timeScale?: number;
  /** Seed of the PRNG behind `faults()`. Default 1. */
  seed?: number;
  /** Rate limits, or `false` to turn them off. Default: 1 post/s per channel, burst 3, tier limits on. */
  rateLimits?: RateLimitOptions | false;
  /** The bot token's scopes. Default: chat:write, channels/groups read and history, users:read, commands. */
  scopes?: string[];
}

/** A running fake Slack: a workspace to set up, what it recorded, faults to script. */
export interface FakeSlack {
  /** `http://127.0.0.1:PORT/api/`, for `new WebClient(token, { slackApiUrl })` and Bolt's `clientOptions`. */
  readonly apiUrl: string;
  readonly baseUrl: string;
  /** The one valid bot token; any other answers `invalid_auth`, none `not_authed`. */
  readonly token: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  /** Every Web API call in arrival order, faulted ones included. */
  readonly calls: readonly RecordedCall[];
  /** Stored messages per channel id, oldest first. */
  readonly messages: ReadonlyMap<string, readonly StoredMessage[]>;
  /** Every POST to a response URL, in arrival order. */
  readonly responses: readonly RecordedResponse[];
  addChannel(spec: ChannelSpec): Channel;
  /** Changes a channel from the next call on (bot removed, archived…). */
  updateChannel(id: string, patch: Partial<Omit<ChannelSpec, 'id'>>): void;
  addUser(spec: UserSpec): void;
  /** Puts a message in a channel as if someone had posted it (default author: a user `U0SEEDED`, `ts` now). */
  seedMessage(channel: string, message: Partial<Omit<StoredMessage, 'channel'>>): StoredMessage;
  messagesIn(channel: string): StoredMessage[];
  callsTo(method: string): RecordedCall[];
  /** A response URL for id; `responsesTo(id)` lists what was POSTed there. */
  responseUrl(id: string): string;
  responsesTo(id: string): RecordedResponse[];
  /** Queues behaviours for a method (or `'response_url'`), one consumed per call. */
  script(method: string, behaviours: Behaviour[]): void;
  /** Random faults from the seeded PRNG; `null` turns them off. */
  faults(options: RandomFaults | null): void;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves with the first response (status 200) POSTed to `responseUrl(id)`. */
  waitForResponse(id: string, timeoutMs?: number): Promise<RecordedResponse>;
  /** Resolves with the channel's messages once it holds at least `count`. */
  waitForMessages(channel: string, count: number, timeoutMs?: number): Promise<StoredMessage[]>;
  close(): Promise<void>;
}

const DEFAULT_SCOPES = [
  'chat:write', 'channels:read', 'groups:read', 'channels:history', 'groups:history', 'users:read', 'commands',
];

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const ws = new Workspace('T0FAKE0001', 'fake-team', 'U0TRACKER', 'B0TRACKER', 'A0TRACKER');
  const token = 'xoxb-test-0000000001-fake-slack-token';
  const scopes = new Set(opts.scopes ?? DEFAULT_SCOPES);
  const faults = new Faults(opts.seed ?? 1);
  const limiter = new RateLimiter(opts.timeScale ?? 1, opts.rateLimits ?? {});
  let blockIds = 0;
  const ctx = { ws, scopes, blockId: () => `b${(++blockIds).toString(36).padStart(4, '0')}` };

  async function api(method: string, req: IncomingMessage, res: ServerResponse, raw: string, query: URLSearchParams): Promise<void> {
    const { params, token: sent, error } = decode(req, raw, query);
    const call: RecordedCall = { method, params, at: Date.now(), ...(sent ? { token: sent } : {}) };
    ws.calls.push(call);
    const accepted = ACCEPTED_SCOPES[method] ?? [];
    const scopeHeaders = { 'x-oauth-scopes': [...scopes].join(','), 'x-accepted-oauth-scopes': accepted.join(',') };
    const reply = (status: number, body: Answer, headers: Record<string, string> = {}): void => {
      call.status = status;
      if (body.error !== undefined) call.error = body.error;
      sendJson(res, status, body, { ...scopeHeaders, ...headers });
      ws.changed();
    };
    const limited = (retryAfter: number): void => reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
    /** Answers the fault part of a behaviour; false when it has none (a pure delay). */
    const fault = (b: Behaviour): boolean => {
      if (b.drop) {
        call.status = 0;
        req.socket.destroy();
        ws.changed();
        return true;
      }
      if (b.error === 'ratelimited' || b.http === 429) limited(b.retryAfter ?? 1);
      else if (b.http !== undefined) {
        call.status = b.http;
        sendText(res, b.http, b.http >= 500 ? 'Internal Server Error' : 'Error');
        ws.changed();
      } else if (b.error !== undefined) reply(200, { ok: false, error: b.error });
      else return false;
      return true;
    };

    const handler = METHODS[method];
    if (!handler) return reply(200, { ok: false, error: 'unknown_method' });
    if (error) return reply(200, { ok: false, error });
    if (sent === undefined) return reply(200, { ok: false, error: 'not_authed' });
    if (sent !== token) return reply(200, { ok: false, error: 'invalid_auth' });
    const behaviour = faults.next(method);
    if (behaviour) call.fault = describe(behaviour);
    if (behaviour && !behaviour.afterStore) {
      if (behaviour.delayMs) await sleep(behaviour.delayMs);
      if (fault(behaviour)) return;
    }
    if (accepted.length > 0 && !accepted.some((s) => scopes.has(s))) {
      return reply(200, { ok: false, error: 'missing_scope', needed: accepted[0], provided: [...scopes].join(',') });
    }
    const ref = typeof params.channel === 'string' ? params.channel : '';
    const retryAfter = limiter.check(method, ws.findChannel(ref)?.id ?? ref);
    if (retryAfter !== undefined) return limited(retryAfter);
    const result = handler(params, ctx);
    if (behaviour?.afterStore) {
      if (behaviour.delayMs) await sleep(behaviour.delayMs);
      if (fault(behaviour)) return;
    }
    reply(200, result);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void readBody(req).then(async (raw) => {
      const apiMatch = /^\/api\/([A-Za-z0-9._]+)$/.exec(url.pathname);
      const responseMatch = /^\/response\/([^/]+)$/.exec(url.pathname);
      if (apiMatch?.[1] && (req.method === 'POST' || req.method === 'GET')) return api(apiMatch[1], req, res, raw, url.searchParams);
      if (responseMatch?.[1] && req.method === 'POST') return responseUrlPost(ws, faults, decodeURIComponent(responseMatch[1]), res, raw);
      sendText(res, responseMatch ? 405 : 404, responseMatch ? 'method_not_allowed' : 'not_found');
    }).catch((err: unknown) => sendText(res, 500, `fake slack: ${String(err)}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${baseUrl}/api/`, baseUrl, token, teamId: ws.teamId, botUserId: ws.botUserId, botId: ws.botId, appId: ws.appId,
    calls: ws.calls, messages: ws.messages, responses: ws.responses,
    addChannel: (spec) => ws.addChannel(spec),
    updateChannel: (id, patch) => ws.updateChannel(id, patch),
    addUser: (spec) => ws.addUser(spec),
    seedMessage: (channel, message) => {
      const m: StoredMessage = { user: 'U0SEEDED', text: '', ts: ws.nextTs(), ...message, channel };
      ws.store(m);
      return m;
    },
    messagesIn: (channel) => ws.messagesIn(channel),
    callsTo: (method) => ws.calls.filter((c) => c.method === method),
    responseUrl: (id) => `${baseUrl}/response/${encodeURIComponent(id)}`,
    responsesTo: (id) => ws.responses.filter((r) => r.id === id),
    script: (method, behaviours) => faults.script(method, behaviours),
    faults: (options) => faults.setRandom(options),
    waitFor: (predicate, timeoutMs = 5000) => ws.waitFor(predicate, timeoutMs),
    async waitForResponse(id, timeoutMs = 5000) {
      const first = (): RecordedResponse | undefined => ws.responses.find((r) => r.id === id && r.status === 200);
      await ws.waitFor(() => first() !== undefined, timeoutMs, `a response to ${id}`);
      return first() as RecordedResponse;
    },
    async waitForMessages(channel, count, timeoutMs = 5000) {
      await ws.waitFor(() => ws.messagesIn(channel).length >= count, timeoutMs, `${count} message(s) in ${channel}`);
      return ws.messagesIn(channel);
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

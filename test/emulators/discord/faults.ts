/** Discord's error answers, and the scripted and seeded faults a test can inject. */
import { STATUS_CODES } from 'node:http';

/** Discord's JSON error codes the fake answers, with their HTTP status and message. */
export const ERRORS: Readonly<Record<number, { status: number; message: string }>> = {
  0: { status: 401, message: '401: Unauthorized' },
  10003: { status: 404, message: 'Unknown Channel' },
  10004: { status: 404, message: 'Unknown Guild' },
  10007: { status: 404, message: 'Unknown Member' },
  10008: { status: 404, message: 'Unknown Message' },
  10015: { status: 404, message: 'Unknown Webhook' },
  10062: { status: 404, message: 'Unknown interaction' },
  40060: { status: 400, message: 'Interaction has already been acknowledged.' },
  50001: { status: 403, message: 'Missing Access' },
  50006: { status: 400, message: 'Cannot send an empty message' },
  50008: { status: 400, message: 'Cannot send messages in a non-text channel' },
  50013: { status: 403, message: 'Missing Permissions' },
  50027: { status: 401, message: 'Invalid Webhook Token' },
  50035: { status: 400, message: 'Invalid Form Body' },
  50041: { status: 400, message: 'Invalid API version provided' },
  50109: { status: 400, message: 'The request body contains invalid JSON.' },
};

/** An answer of the fake: status and JSON body (none for 204). */
export interface Answer { status: number; body?: unknown; headers?: Record<string, string> }

/** Discord's error answer for `code`, with the nested `errors` object of a 50035. */
export function apiError(code: number, errors?: unknown): Answer {
  const e = ERRORS[code] ?? { status: 400, message: 'Error' };
  return { status: e.status, body: { message: e.message, code, ...(errors === undefined ? {} : { errors }) } };
}

/** The body of a 5xx: Discord's JSON `{ message: '500: Internal Server Error', code: 0 }`. */
export function serverError(status: number): Answer {
  return { status, body: { message: `${status}: ${STATUS_CODES[status] ?? 'Error'}`, code: 0 } };
}

/**
 * One scripted answer, consumed by one request on its route (e.g. `'POST /channels/:id/messages'`). Fields combine:
 * - `status: 429`: a rate limit with `retryAfter` real seconds (default one emulated second), `global` (then
 *   `X-RateLimit-Global` and scope 'global'), else scope `scope` (default 'user');
 * - `status: 500` (any other status): that status with Discord's JSON body;
 * - `code: 50001` (any code of {@link ERRORS}): that error with its status;
 * - `afterStore: true`: the request is carried out first (a message IS stored), then the fault is answered;
 * - `drop: true`: the connection is destroyed without an answer;
 * - `delayMs`: wait before answering (after carrying out when `afterStore`); alone, the request then succeeds.
 */
export interface Behaviour {
  status?: number;
  code?: number;
  retryAfter?: number;
  global?: boolean;
  scope?: 'user' | 'shared' | 'global';
  afterStore?: boolean;
  drop?: boolean;
  delayMs?: number;
}

/** Random faults from the seeded PRNG: one draw per request on the affected routes. */
export interface RandomFaults {
  rate429?: number;
  rate500?: number;
  /** Among the 500s, the probability that the request was carried out (message stored) first. */
  storeBefore500?: number;
  /** Real seconds of the random 429s (default one emulated second). */
  retryAfter?: number;
  /** Route keys affected; default every route but the login ones (gateway/bot, users/@me, applications/@me). */
  routes?: string[];
}

const LOGIN_ROUTES = new Set(['GET /gateway/bot', 'GET /gateway', 'GET /users/@me', 'GET /applications/@me']);

export { prng } from '../shared.js';
import { prng } from '../shared.js';

/** The fault plan: scripted behaviours first, then random draws. */
export class Faults {
  private readonly scripts = new Map<string, Behaviour[]>();
  private random: RandomFaults | undefined;
  private readonly draw: () => number;

  constructor(seed: number) {
    this.draw = prng(seed);
  }

  script(route: string, behaviours: Behaviour[]): void {
    this.scripts.set(route, [...(this.scripts.get(route) ?? []), ...behaviours]);
  }

  setRandom(options: RandomFaults | null): void {
    this.random = options ?? undefined;
  }

  /** The behaviour for this request on `route`, consuming a scripted one if any; undefined for a normal answer. */
  next(route: string): Behaviour | undefined {
    const scripted = this.scripts.get(route)?.shift();
    if (scripted) return scripted;
    const r = this.random;
    if (!r || !(r.routes ? r.routes.includes(route) : !LOGIN_ROUTES.has(route))) return undefined;
    const x = this.draw();
    const p429 = r.rate429 ?? 0;
    if (x < p429) return { status: 429, ...(r.retryAfter === undefined ? {} : { retryAfter: r.retryAfter }) };
    if (x < p429 + (r.rate500 ?? 0)) return { status: 500, afterStore: this.draw() < (r.storeBefore500 ?? 0) };
    return undefined;
  }
}

/** A short label of a behaviour for the request log ('429', '429-global', '500-after-store', 'code:50001'…). */
export function describe(b: Behaviour): string {
  const after = b.afterStore ? '-after-store' : '';
  if (b.drop) return `drop${after}`;
  if (b.status === 429) return b.global ? '429-global' : '429';
  if (b.code !== undefined) return `code:${b.code}${after}`;
  if (b.status !== undefined) return `${b.status}${after}`;
  return `delay:${b.delayMs ?? 0}`;
}

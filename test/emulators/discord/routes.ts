/** The REST routes of API v10 the fake answers, by route key (`'POST /channels/:id/messages'`…). */
import { getApplication, getCommands, getGatewayBot, getMe, putCommands } from './application.js';
import type { Answer } from './faults.js';
import { getChannel, getGuild, getMember } from './guilds.js';
import { callback, editMessage, followUp, getMessage } from './interactions.js';
import { postMessage } from './messages.js';
import type { World } from './world.js';

type Json = Record<string, unknown>;

/** What a handler gets: the world, the path's parameters, the query and the decoded JSON body. */
export interface RouteInput { w: World; params: Record<string, string>; query: URLSearchParams; body: unknown; gatewayUrl: string; sessionsStarted: number }

export interface Route {
  method: string;
  /** The key scripts and records use, e.g. `POST /channels/:id/messages`. */
  key: string;
  segments: string[];
  /** Needs `Authorization: Bot <token>` and counts against the global limit; interaction routes do neither. */
  bot: boolean;
  /** The path parameter rate limits are counted per (channel, guild, webhook token, interaction). */
  major?: string;
  handle(i: RouteInput): Answer;
}

const obj = (b: unknown): Json => (typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Json) : {});
const p = (i: RouteInput, name: string): string => i.params[name] ?? '';

function route(method: string, path: string, bot: boolean, major: string | undefined, handle: (i: RouteInput) => Answer): Route {
  return { method, key: `${method} ${path}`, segments: path.split('/').slice(1), bot, ...(major ? { major } : {}), handle };
}

const WEBHOOK_MESSAGE = '/webhooks/:app/:token/messages';

/** Every route, literal segments before parameters where both could match (`@original` before `:message`). */
export const ROUTES: readonly Route[] = [
  route('GET', '/gateway', false, undefined, (i) => ({ status: 200, body: { url: i.gatewayUrl } })),
  route('GET', '/gateway/bot', true, undefined, (i) => getGatewayBot(i.gatewayUrl, i.sessionsStarted)),
  route('GET', '/users/@me', true, undefined, (i) => getMe(i.w)),
  route('GET', '/applications/@me', true, undefined, (i) => getApplication(i.w)),
  route('PUT', '/applications/:app/commands', true, 'app', (i) => putCommands(i.w, p(i, 'app'), undefined, i.body)),
  route('GET', '/applications/:app/commands', true, 'app', (i) => getCommands(i.w, p(i, 'app'), undefined)),
  route('PUT', '/applications/:app/guilds/:guild/commands', true, 'guild', (i) => putCommands(i.w, p(i, 'app'), p(i, 'guild'), i.body)),
  route('GET', '/applications/:app/guilds/:guild/commands', true, 'guild', (i) => getCommands(i.w, p(i, 'app'), p(i, 'guild'))),
  route('POST', '/channels/:id/messages', true, 'id', (i) => postMessage(i.w, p(i, 'id'), obj(i.body))),
  route('GET', '/channels/:id', true, 'id', (i) => getChannel(i.w, p(i, 'id'))),
  route('GET', '/guilds/:id', true, 'id', (i) => getGuild(i.w, p(i, 'id'), i.query.get('with_counts') === 'true')),
  route('GET', '/guilds/:id/members/:user', true, 'id', (i) => getMember(i.w, p(i, 'id'), p(i, 'user'))),
  route('POST', '/interactions/:id/:token/callback', false, 'id', (i) => callback(i.w, p(i, 'id'), p(i, 'token'), obj(i.body), i.query.get('with_response') === 'true')),
  route('POST', '/webhooks/:app/:token', false, 'token', (i) => followUp(i.w, p(i, 'app'), p(i, 'token'), obj(i.body), i.query.get('wait') === 'true')),
  route('PATCH', `${WEBHOOK_MESSAGE}/@original`, false, 'token', (i) => editMessage(i.w, p(i, 'app'), p(i, 'token'), '@original', obj(i.body))),
  route('GET', `${WEBHOOK_MESSAGE}/@original`, false, 'token', (i) => getMessage(i.w, p(i, 'app'), p(i, 'token'), '@original')),
  route('PATCH', `${WEBHOOK_MESSAGE}/:message`, false, 'token', (i) => editMessage(i.w, p(i, 'app'), p(i, 'token'), p(i, 'message'), obj(i.body))),
  route('GET', `${WEBHOOK_MESSAGE}/:message`, false, 'token', (i) => getMessage(i.w, p(i, 'app'), p(i, 'token'), p(i, 'message'))),
];

/** The route for a method and path (after `/api/v10`), `'method'` when only the method is wrong, else undefined. */
export function match(method: string, path: string): { route: Route; params: Record<string, string> } | 'method' | undefined {
  const parts = path.replace(/\/+$/, '').split('/').slice(1).map((s) => {
    try { return decodeURIComponent(s); } catch { return s; }
  });
  let wrongMethod = false;
  for (const r of ROUTES) {
    if (r.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = r.segments.every((seg, k) => {
      const part = parts[k] ?? '';
      if (seg.startsWith(':')) {
        params[seg.slice(1)] = part;
        return part !== '';
      }
      return seg === part;
    });
    if (!ok) continue;
    if (r.method === method) return { route: r, params };
    wrongMethod = true;
  }
  return wrongMethod ? 'method' : undefined;
}

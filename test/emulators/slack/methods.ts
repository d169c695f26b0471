/** The Web API methods the tracker calls, answered from the fake workspace as Slack answers them. */
import { checkBlocks } from './blocks.js';
import { tsToMicros, type Channel, type StoredMessage, type Workspace } from './state.js';

/** A Web API answer body: `{ ok: true, … }` or `{ ok: false, error, … }`. */
export type Answer = { ok: boolean; error?: string } & Record<string, unknown>;
/** What a handler may use: the workspace, the token's scopes, and the block_id generator. */
export interface MethodContext { ws: Workspace; scopes: ReadonlySet<string>; blockId: () => string }
type Handler = (p: Record<string, unknown>, ctx: MethodContext) => Answer;

const fail = (error: string, extra: Record<string, unknown> = {}): Answer => ({ ok: false, error, ...extra });
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const bool = (v: unknown): boolean | undefined => (v === undefined ? undefined : v === true || v === 'true' || v === '1' || v === 1);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The scopes that let a bot call each method (`x-accepted-oauth-scopes`); any one suffices. */
export const ACCEPTED_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.info': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'conversations.members': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'users.info': ['users:read'],
};

/** The message object as Slack returns it; metadata only when asked for. */
export function view(ws: Workspace, m: StoredMessage, withMetadata: boolean): Record<string, unknown> {
  const { channel: _channel, metadata, ...rest } = m;
  return {
    type: 'message', ...rest, app_id: ws.appId, team: ws.teamId,
    bot_profile: { id: ws.botId, app_id: ws.appId, name: 'secnumcloud-tracker', team_id: ws.teamId, deleted: false },
    ...(withMetadata && metadata ? { metadata } : {}),
  };
}

/** Checks text, blocks and metadata as chat.postMessage and chat.update do; returns the fields to store. */
function content(p: Record<string, unknown>, ctx: MethodContext): Answer | Pick<StoredMessage, 'text' | 'blocks' | 'metadata'> {
  const checked = checkBlocks(p.blocks, ctx.blockId);
  if ('ok' in checked) return checked;
  const text = str(p.text);
  if (text === undefined && checked.blocks === undefined && p.attachments === undefined) return fail('no_text');
  if (text !== undefined && text.length > 40_000) return fail('msg_too_long');
  const md = p.metadata;
  if (md !== undefined && md !== '' && !(isObj(md) && typeof md.event_type === 'string' && md.event_type !== '' && isObj(md.event_payload))) {
    return fail('invalid_metadata_format');
  }
  const metadata = isObj(md) ? { event_type: String(md.event_type), event_payload: md.event_payload as Record<string, unknown> } : undefined;
  return { text: text ?? '', ...(checked.blocks ? { blocks: checked.blocks } : {}), ...(metadata ? { metadata } : {}) };
}

function channelOf(p: Record<string, unknown>, ws: Workspace, byName: boolean): Channel | undefined {
  const ref = str(p.channel);
  if (ref === undefined) return undefined;
  return byName || ws.channels.has(ref) ? ws.findChannel(ref) : undefined;
}

const postMessage: Handler = (p, ctx) => {
  const { ws } = ctx;
  const channel = channelOf(p, ws, true);
  if (!channel) return fail('channel_not_found');
  if (channel.isArchived) return fail('is_archived');
  if (!channel.isMember && (channel.isPrivate || !ctx.scopes.has('chat:write.public'))) return fail('not_in_channel');
  const body = content(p, ctx);
  if ('ok' in body) return body;
  const m: StoredMessage = { channel: channel.id, ts: ws.nextTs(), user: ws.botUserId, bot_id: ws.botId, ...body };
  const flags = { unfurl_links: bool(p.unfurl_links), unfurl_media: bool(p.unfurl_media), reply_broadcast: bool(p.reply_broadcast) };
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) Object.assign(m, { [k]: v });
  const thread = str(p.thread_ts);
  if (thread !== undefined) m.thread_ts = thread;
  ws.store(m);
  return { ok: true, channel: channel.id, ts: m.ts, message: view(ws, m, true) };
};

const update: Handler = (p, ctx) => {
  const { ws } = ctx;
  const channel = channelOf(p, ws, false);
  if (!channel) return fail('channel_not_found');
  const m = ws.messagesIn(channel.id).find((x) => x.ts === str(p.ts));
  if (!m) return fail('message_not_found');
  if (m.user !== ws.botUserId) return fail('cant_update_message');
  if (channel.isArchived) return fail('is_archived');
  const body = content(p, ctx);
  if ('ok' in body) return body;
  Object.assign(m, body, { edited: { user: ws.botUserId, ts: ws.nextTs() } });
  ws.changed();
  return { ok: true, channel: channel.id, ts: m.ts, text: m.text, message: view(ws, m, true) };
};

const info: Handler = (p, { ws }) => {
  const c = channelOf(p, ws, false);
  if (!c) return fail('channel_not_found');
  return {
    ok: true,
    channel: {
      id: c.id, name: c.name, name_normalized: c.name, is_channel: !c.isPrivate, is_group: false, is_im: false, is_mpim: false,
      is_private: c.isPrivate, is_archived: c.isArchived, is_general: c.name === 'general', is_member: c.isMember,
      is_shared: false, is_ext_shared: false, is_org_shared: false, created: c.created, context_team_id: ws.teamId,
      topic: { value: '', creator: '', last_set: 0 }, purpose: { value: '', creator: '', last_set: 0 },
    },
  };
};

const CURSOR_PREFIX = 'next_ts:';
const encodeCursor = (ts: string): string => Buffer.from(`${CURSOR_PREFIX}${tsToMicros(ts)}`).toString('base64');
function decodeCursor(cursor: string): number | undefined {
  const s = Buffer.from(cursor, 'base64').toString('utf8');
  const us = s.startsWith(CURSOR_PREFIX) ? Number(s.slice(CURSOR_PREFIX.length)) : NaN;
  return Number.isSafeInteger(us) ? us : undefined;
}

const history: Handler = (p, { ws }) => {
  const c = channelOf(p, ws, false);
  if (!c) return fail('channel_not_found');
  if (!c.isMember) return fail('not_in_channel');
  const limit = Math.min(999, Math.max(1, Number(p.limit) || 100));
  const inclusive = bool(p.inclusive) ?? false;
  const [oldestArg, latestArg] = [str(p.oldest), str(p.latest)];
  const oldest = oldestArg === undefined ? -Infinity : tsToMicros(oldestArg);
  let latest = latestArg === undefined ? Infinity : tsToMicros(latestArg);
  let latestInclusive = inclusive;
  const cursorArg = str(p.cursor);
  if (cursorArg !== undefined) {
    const at = decodeCursor(cursorArg);
    if (at === undefined) return fail('invalid_cursor');
    latest = Math.min(latest, at);
    latestInclusive = true;
  }
  const matching = ws.messagesIn(c.id).filter((m) => {
    if (m.thread_ts !== undefined && m.thread_ts !== m.ts && !m.reply_broadcast) return false; // replies live in threads
    const us = tsToMicros(m.ts);
    return (inclusive ? us >= oldest : us > oldest) && (latestInclusive ? us <= latest : us < latest);
  }).reverse();
  const page = matching.slice(0, limit);
  const next = matching[limit];
  return {
    ok: true, messages: page.map((m) => view(ws, m, bool(p.include_all_metadata) ?? false)), has_more: next !== undefined,
    pin_count: 0, channel_actions_ts: null, channel_actions_count: 0,
    response_metadata: { next_cursor: next ? encodeCursor(next.ts) : '' },
  };
};

const members: Handler = (p, { ws }) => {
  const c = channelOf(p, ws, false);
  if (!c) return fail('channel_not_found');
  return { ok: true, members: [...c.members], response_metadata: { next_cursor: '' } };
};

const usersInfo: Handler = (p, { ws }) => {
  const u = ws.users.get(str(p.user) ?? '');
  if (!u) return fail('user_not_found');
  return {
    ok: true,
    user: {
      id: u.id, team_id: ws.teamId, name: u.name, real_name: u.name, deleted: u.deleted, is_bot: u.isBot,
      is_admin: u.isAdmin, is_owner: u.isOwner, is_primary_owner: u.isPrimaryOwner, is_restricted: false,
      is_ultra_restricted: false, is_app_user: false, tz: 'Europe/Paris', updated: 1_700_000_000,
      profile: { real_name: u.name, display_name: u.name, team: ws.teamId },
    },
  };
};

const authTest: Handler = (_p, { ws }) => ({
  ok: true, url: `https://${ws.teamDomain}.slack.com/`, team: 'Fake Team', user: 'secnumcloud-tracker',
  team_id: ws.teamId, user_id: ws.botUserId, bot_id: ws.botId, is_enterprise_install: false,
});

/** Every emulated method; anything else answers `unknown_method`. */
export const METHODS: Record<string, Handler> = {
  'auth.test': authTest, 'chat.postMessage': postMessage, 'chat.update': update, 'conversations.info': info,
  'conversations.history': history, 'conversations.members': members, 'users.info': usersInfo,
};

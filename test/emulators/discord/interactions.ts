/** Answering interactions: the callback (3 s, once), then follow-ups and edits with the token (15 minutes). */
import { apiError, type Answer } from './faults.js';
import { checkMessage, messageFields } from './messages.js';
import { apiMessage, apiUser, type StoredMessage } from './payloads.js';
import type { InteractionState, RecordedFollowUp, World } from './world.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Emulated time within which the first callback must arrive. */
export const CALLBACK_DEADLINE_MS = 3000;
/** Emulated lifetime of an interaction token for follow-ups and edits. */
export const TOKEN_LIFETIME_MS = 15 * 60_000;
const EPHEMERAL = 64;
const LOADING = 128;

function codeOf(a: Answer): number | undefined {
  return isObj(a.body) && typeof a.body.code === 'number' ? a.body.code : undefined;
}

/** The original response or a follow-up: type 20 for the original, sent through the application's webhook. */
function responseFields(w: World, it: InteractionState, original: boolean): Partial<StoredMessage> {
  const user = apiUser(w.dir.users.get(it.userId), it.userId);
  return {
    type: original ? 20 : 0, webhook_id: w.applicationId, application_id: w.applicationId,
    interaction_metadata: { id: it.id, type: 2, name: it.commandName, command_type: 1, user, authorizing_integration_owners: { '0': it.guildId } },
  };
}

/**
 * `POST /interactions/:id/:token/callback`: 404 10062 for an unknown interaction or one older than 3 s, 400 40060
 * when already acknowledged; type 4 stores the reply, 5 a loading message, 8 the autocomplete choices. 204, or 200
 * with the callback object when `with_response=true`.
 */
export function callback(w: World, id: string, token: string, body: Json, withResponse: boolean): Answer {
  const it = w.interactions.get(id);
  const type = typeof body.type === 'number' ? body.type : -1;
  const data = isObj(body.data) ? body.data : undefined;
  const elapsedMs = it ? w.clock.now() - it.dispatchedAt : 0;
  const done = (a: Answer): Answer => {
    const code = codeOf(a);
    w.callbacks.push({ interactionId: id, token, type, ...(data ? { data } : {}), elapsedMs, status: a.status, ...(code === undefined ? {} : { code }), withResponse });
    w.changed();
    return a;
  };
  if (!it || it.token !== token || elapsedMs > CALLBACK_DEADLINE_MS) return done(apiError(10062));
  if (it.acknowledged !== undefined) return done(apiError(40060));
  const allowed = it.type === 4 ? [8] : [4, 5, 9];
  if (!allowed.includes(type)) {
    return done(apiError(50035, { type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${allowed.join(', ')}}.` }] } }));
  }
  if (type === 4) {
    const bad = checkMessage(data ?? {}, true);
    if (bad) return done(bad);
  }
  if (type === 8) {
    const choices = Array.isArray(data?.choices) ? data.choices : [];
    if (choices.length > 25) return done(apiError(50035, { data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } } }));
  }
  it.acknowledged = type;
  const ephemeral = typeof data?.flags === 'number' ? data.flags & EPHEMERAL : 0;
  if (type === 4) it.original = w.createMessage(it.channelId, { ...messageFields(data ?? {}), ...responseFields(w, it, true) });
  if (type === 5) it.original = w.createMessage(it.channelId, { flags: LOADING | ephemeral, ...responseFields(w, it, true) });
  if (!withResponse) return done({ status: 204 });
  const m = it.original;
  return done({
    status: 200,
    body: {
      interaction: {
        id: it.id, type: it.type, ...(m ? { response_message_id: m.id, response_message_loading: (m.flags & LOADING) !== 0, response_message_ephemeral: (m.flags & EPHEMERAL) !== 0 } : {}),
      },
      resource: { type, ...(m ? { message: apiMessage(m) } : {}) },
    },
  });
}

/** The interaction behind a webhook token: 404 10015 unknown (or another application), 401 50027 expired. */
function byToken(w: World, app: string, token: string): InteractionState | Answer {
  const it = [...w.interactions.values()].find((i) => i.token === token);
  if (!it || app !== w.applicationId) return apiError(10015);
  if (w.clock.now() - it.dispatchedAt > TOKEN_LIFETIME_MS) return apiError(50027);
  return it;
}

function recorder(w: World, token: string, kind: RecordedFollowUp['kind'], body: Json) {
  return (a: Answer, messageId: string, it?: InteractionState): Answer => {
    const code = codeOf(a);
    const elapsedMs = it ? w.clock.now() - it.dispatchedAt : 0;
    w.followUps.push({ token, kind, messageId, body, elapsedMs, status: a.status, ...(code === undefined ? {} : { code }) });
    w.changed();
    return a;
  };
}

/**
 * `POST /webhooks/:app/:token` (follow-up): needs an acknowledged interaction (else 10015). After a deferred
 * reply, the first follow-up fills in the loading message, as Discord does; later ones are new messages.
 */
export function followUp(w: World, app: string, token: string, body: Json, wait: boolean): Answer {
  const done = recorder(w, token, 'followUp', body);
  const it = byToken(w, app, token);
  if (!('id' in it)) return done(it, '');
  if (it.acknowledged === undefined || it.acknowledged === 8) return done(apiError(10015), '', it);
  const bad = checkMessage(body, true);
  if (bad) return done(bad, '', it);
  const fields = messageFields(body);
  const original = it.original;
  let m: StoredMessage;
  if (original && original.flags & LOADING && it.followUps.length === 0) {
    Object.assign(original, fields, { flags: (original.flags & EPHEMERAL) | ((fields.flags ?? 0) & ~EPHEMERAL) });
    m = original;
  } else {
    m = w.createMessage(it.channelId, { ...fields, ...responseFields(w, it, false) });
  }
  it.followUps.push(m);
  return done(wait ? { status: 200, body: apiMessage(m) } : { status: 204 }, m.id, it);
}

function target(it: InteractionState, messageId: string): StoredMessage | undefined {
  if (messageId === '@original' || messageId === it.original?.id) return it.original;
  return it.followUps.find((m) => m.id === messageId);
}

/** `PATCH /webhooks/:app/:token/messages/@original` (or a follow-up's id): 10008 when there is no such message. */
export function editMessage(w: World, app: string, token: string, messageId: string, body: Json): Answer {
  const done = recorder(w, token, 'edit', body);
  const it = byToken(w, app, token);
  if (!('id' in it)) return done(it, messageId);
  const m = target(it, messageId);
  if (!m) return done(apiError(10008), messageId, it);
  const merged: Json = {
    content: 'content' in body ? (body.content ?? '') : m.content, embeds: 'embeds' in body ? (body.embeds ?? []) : m.embeds,
    components: 'components' in body ? (body.components ?? []) : m.components,
  };
  const bad = checkMessage(merged, true);
  if (bad) return done(bad, messageId, it);
  const { flags: _ignored, ...fields } = messageFields({ ...merged, allowed_mentions: body.allowed_mentions });
  const wasLoading = (m.flags & LOADING) !== 0;
  Object.assign(m, fields, { flags: m.flags & ~LOADING, edited_timestamp: wasLoading ? null : new Date().toISOString() });
  return done({ status: 200, body: apiMessage(m) }, messageId, it);
}

/** `GET /webhooks/:app/:token/messages/@original` (or a follow-up's id). */
export function getMessage(w: World, app: string, token: string, messageId: string): Answer {
  const it = byToken(w, app, token);
  if (!('id' in it)) return it;
  const m = target(it, messageId);
  return m ? { status: 200, body: apiMessage(m) } : apiError(10008);
}

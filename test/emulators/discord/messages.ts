/** Creating messages in channels: Discord's checks (access, permissions, form limits) and the nonce rule. */
import { apiError, type Answer } from './faults.js';
import { Permission } from './model.js';
import { apiMessage, type StoredMessage } from './payloads.js';
import type { World } from './world.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Lengths as Discord counts them: in code points, not UTF-16 units. */
const len = (v: unknown): number => (typeof v === 'string' ? [...v].length : 0);

/** Channel types a bot can post in directly: text, voice (text-in-voice), announcement, threads. */
const SENDABLE = new Set([0, 2, 5, 10, 11, 12]);

/** Adds `{ code, message }` under `path` in Discord's nested `errors` object (`{ embeds: { 0: { title: { _errors } } } }`). */
function put(errors: Json, path: (string | number)[], code: string, message: string): void {
  let node = errors;
  for (const key of path) {
    const next = node[String(key)];
    node = isObj(next) ? next : (node[String(key)] = {}) as Json;
  }
  const list = Array.isArray(node._errors) ? node._errors : (node._errors = []);
  list.push({ code, message });
}

function max(errors: Json, path: (string | number)[], value: unknown, limit: number): void {
  if (len(value) > limit) put(errors, path, 'BASE_TYPE_MAX_LENGTH', `Must be ${limit} or fewer in length.`);
}

/**
 * Checks a message body against Discord's published limits: content ≤ 2000, nonce ≤ 25, ≤ 10 embeds, title ≤ 256,
 * description ≤ 4096, ≤ 25 fields (name ≤ 256 and value ≤ 1024, both required), footer ≤ 2048, author ≤ 256, and
 * ≤ 6000 characters of embed text in the whole message. `requireSomething`: an empty message is 50006.
 */
export function checkMessage(body: Json, requireSomething: boolean): Answer | undefined {
  const errors: Json = {};
  if (body.content !== undefined && body.content !== null && typeof body.content !== 'string') {
    put(errors, ['content'], 'BASE_TYPE_STRING', 'Must be a string.');
  }
  max(errors, ['content'], body.content, 2000);
  if (typeof body.nonce === 'string') max(errors, ['nonce'], body.nonce, 25);
  const embeds = Array.isArray(body.embeds) ? body.embeds : [];
  if (embeds.length > 10) put(errors, ['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((e: unknown, i) => {
    if (!isObj(e)) return put(errors, ['embeds', i], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    const footer = isObj(e.footer) ? e.footer.text : undefined;
    const author = isObj(e.author) ? e.author.name : undefined;
    max(errors, ['embeds', i, 'title'], e.title, 256);
    max(errors, ['embeds', i, 'description'], e.description, 4096);
    max(errors, ['embeds', i, 'footer', 'text'], footer, 2048);
    max(errors, ['embeds', i, 'author', 'name'], author, 256);
    total += len(e.title) + len(e.description) + len(footer) + len(author);
    const fields = Array.isArray(e.fields) ? e.fields : [];
    if (fields.length > 25) put(errors, ['embeds', i, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((f: unknown, j) => {
      const field = isObj(f) ? f : {};
      for (const [key, limit] of [['name', 256], ['value', 1024]] as const) {
        if (typeof field[key] !== 'string' || field[key] === '') put(errors, ['embeds', i, 'fields', j, key], 'BASE_TYPE_REQUIRED', 'This field is required');
        max(errors, ['embeds', i, 'fields', j, key], field[key], limit);
      }
      total += len(field.name) + len(field.value);
    });
  });
  if (total > 6000) put(errors, ['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  if (Object.keys(errors).length > 0) return apiError(50035, errors);
  const empty = len(body.content) === 0 && embeds.length === 0 && !(Array.isArray(body.components) && body.components.length > 0)
    && !(Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0) && body.poll === undefined;
  return requireSomething && empty ? apiError(50006) : undefined;
}

/** The message fields kept from a body: content, embeds (as `rich` when untyped), mentions policy, flags… */
export function messageFields(body: Json): Partial<StoredMessage> {
  const embeds = (Array.isArray(body.embeds) ? body.embeds : []).map((e: Json) => ({ type: 'rich', ...e }));
  return {
    content: typeof body.content === 'string' ? body.content : '', embeds,
    components: Array.isArray(body.components) ? body.components : [], tts: body.tts === true,
    // Of the flags a sender may set, the fake keeps suppress-embeds (4), ephemeral (64) and suppress-notifications (4096).
    flags: typeof body.flags === 'number' ? body.flags & (4 | 64 | 4096) : 0,
    ...(body.allowed_mentions === undefined ? {} : { allowed_mentions: body.allowed_mentions }),
  };
}

/**
 * `POST /channels/:id/messages`: 10003 unknown channel, 50001 without View Channel, 50008 not a text channel, 50013
 * without Send Messages, 50035/50006 bad form. With `enforce_nonce` and a nonce this channel saw from the bot
 * within the nonce window, answers the existing message (200) and stores nothing.
 */
export function postMessage(w: World, channelId: string, body: Json): Answer {
  const found = w.dir.findChannel(channelId);
  if (!found) return apiError(10003);
  const perms = w.dir.botPermissions(found.guild, found.channel);
  if (!(perms & Permission.ViewChannel)) return apiError(50001);
  if (!SENDABLE.has(found.channel.type)) return apiError(50008);
  if (!(perms & Permission.SendMessages)) return apiError(50013);
  const bad = checkMessage(body, true);
  if (bad) return bad;
  const nonce = typeof body.nonce === 'string' || typeof body.nonce === 'number' ? body.nonce : undefined;
  if (nonce !== undefined && body.enforce_nonce === true) {
    const existing = w.recentNonce(channelId, nonce);
    if (existing) return { status: 200, body: apiMessage(existing) };
  }
  const fields = messageFields(body);
  const m = w.createMessage(channelId, {
    ...fields, flags: (fields.flags ?? 0) & ~64,
    ...(nonce === undefined ? {} : { nonce, enforce_nonce: body.enforce_nonce === true }),
  });
  return { status: 200, body: apiMessage(m) };
}

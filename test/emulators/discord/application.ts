/** The application's routes: who the bot is, its command definitions, and where the gateway is. */
import { apiError, type Answer } from './faults.js';
import { apiUser } from './payloads.js';
import { snowflake } from './time.js';
import type { World } from './world.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Discord's rule for command names (chat-input names must also be lower case). */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
/** The definition each stored command was made from, so an unchanged definition keeps its `version`. */
const sources = new WeakMap<Json, string>();

/** `GET /users/@me`: the bot user. */
export function getMe(w: World): Answer {
  const me = apiUser(w.dir.users.get(w.botUserId), w.botUserId);
  return { status: 200, body: { ...me, verified: true, mfa_enabled: false, email: null, locale: 'en-US', bio: '' } };
}

/** `GET /applications/@me`: the application, owned by a user that is not the bot. */
export function getApplication(w: World): Answer {
  return {
    status: 200,
    body: {
      id: w.applicationId, name: 'SecNumCloud Tracker', icon: null, description: '', summary: '', type: null, hook: true,
      bot_public: true, bot_require_code_grant: false, verify_key: '0'.repeat(64), flags: 1 << 23, redirect_uris: [],
      interactions_endpoint_url: null, role_connections_verification_url: null, tags: [], team: null,
      owner: apiUser({ id: '1000000000000000001', username: 'owner', bot: false }), approximate_guild_count: w.dir.guilds.size,
      bot: apiUser(w.dir.users.get(w.botUserId), w.botUserId), integration_types_config: { '0': {} },
    },
  };
}

/** `GET /gateway/bot`: the gateway URL, one shard, and the session start limit (decreasing per IDENTIFY). */
export function getGatewayBot(gatewayUrl: string, sessionsStarted: number): Answer {
  return {
    status: 200,
    body: {
      url: gatewayUrl, shards: 1,
      session_start_limit: { total: 1000, remaining: Math.max(0, 1000 - sessionsStarted), reset_after: 86_400_000, max_concurrency: 1 },
    },
  };
}

function invalidForm(errors: Json, i: number, key: string, code: string, message: string): void {
  const at = (errors[String(i)] ??= {}) as Json;
  at[key] = { _errors: [{ code, message }] };
}

/** The checks Discord applies to a list of definitions (names, descriptions, counts), as a 50035 `errors` object. */
function check(defs: unknown[]): Json | undefined {
  const errors: Json = {};
  if (defs.length > 100) errors._errors = [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' }];
  const seen = new Set<string>();
  defs.forEach((d, i) => {
    if (!isObj(d)) return invalidForm(errors, i, '_self', 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    const type = typeof d.type === 'number' ? d.type : 1;
    const name = typeof d.name === 'string' ? d.name : '';
    if (!NAME.test(name) || (type === 1 && name !== name.toLowerCase())) {
      invalidForm(errors, i, 'name', 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    } else if (seen.has(`${type}:${name}`)) {
      invalidForm(errors, i, 'name', 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    }
    seen.add(`${type}:${name}`);
    const description = typeof d.description === 'string' ? [...d.description].length : 0;
    if (type === 1 && (description < 1 || description > 100)) {
      invalidForm(errors, i, 'description', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
    if (Array.isArray(d.options) && d.options.length > 25) {
      invalidForm(errors, i, 'options', 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    }
  });
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** 50001 for another application's id or a guild the bot is not in. */
function denied(w: World, app: string, guildId: string | undefined): Answer | undefined {
  if (app !== w.applicationId || (guildId !== undefined && !w.dir.guilds.has(guildId))) return apiError(50001);
  return undefined;
}

/**
 * `PUT /applications/:app/commands` and `…/guilds/:guild/commands`: replaces the whole list. A command keeps its
 * id when a definition of the same name and type is sent again, and its version when the definition is unchanged.
 */
export function putCommands(w: World, app: string, guildId: string | undefined, body: unknown): Answer {
  const answer = ((): Answer => {
    const no = denied(w, app, guildId);
    if (no) return no;
    if (!Array.isArray(body)) return apiError(50035, { _errors: [{ code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }] });
    const errors = check(body);
    if (errors) return apiError(50035, errors);
    const before = w.commands.get(guildId ?? '') ?? new Map<string, Json>();
    const after = new Map<string, Json>();
    for (const d of body as Json[]) {
      const type = typeof d.type === 'number' ? d.type : 1;
      const old = [...before.values()].find((c) => c.name === d.name && c.type === type);
      const source = JSON.stringify(d);
      const cmd: Json = {
        id: old?.id ?? snowflake(), application_id: w.applicationId,
        version: old && sources.get(old) === source ? old.version : snowflake(), default_member_permissions: d.default_member_permissions ?? null,
        type, name: d.name, name_localizations: d.name_localizations ?? null, description: d.description ?? '',
        description_localizations: d.description_localizations ?? null, ...(guildId ? { guild_id: guildId } : { dm_permission: d.dm_permission ?? true }),
        contexts: d.contexts ?? null, integration_types: d.integration_types ?? [0], nsfw: d.nsfw ?? false,
        ...(Array.isArray(d.options) && d.options.length > 0 ? { options: d.options } : {}),
      };
      sources.set(cmd, source);
      after.set(`${type}:${String(d.name)}`, cmd);
    }
    w.commands.set(guildId ?? '', after);
    return { status: 200, body: [...after.values()] };
  })();
  w.deploys.push({ ...(guildId ? { guildId } : {}), definitions: body, status: answer.status });
  w.changed();
  return answer;
}

/** `GET /applications/:app/commands` and `…/guilds/:guild/commands`. */
export function getCommands(w: World, app: string, guildId: string | undefined): Answer {
  return denied(w, app, guildId) ?? { status: 200, body: [...(w.commands.get(guildId ?? '')?.values() ?? [])] };
}

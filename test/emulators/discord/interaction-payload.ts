/** INTERACTION_CREATE payloads as Discord dispatches them for a slash command or its autocomplete. */
import { randomBytes } from 'node:crypto';
import { parseBits, type Member } from './model.js';
import { apiChannel, apiMember, apiRole, apiUser } from './payloads.js';
import { snowflake } from './time.js';
import type { InteractionState, World } from './world.js';

type Json = Record<string, unknown>;

/** One command option as the user filled it in: `type` 3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role, 10 number. */
export interface InteractionOption { name: string; type: number; value: string | number | boolean; focused?: boolean }

/** What a test dispatches. Permissions default to what the fake computes for the member and the bot in the channel. */
export interface InteractionSpec {
  guildId: string;
  channelId: string;
  userId: string;
  /** The command's name, e.g. 'secnumcloud'. */
  name: string;
  subcommand?: string;
  subcommandGroup?: string;
  options?: InteractionOption[];
  /** 2 application command (default), 4 autocomplete (mark the option being typed `focused`). */
  type?: 2 | 4;
  /** The member's permissions in the channel, a bitfield string; default computed from roles and overwrites. */
  memberPermissions?: string;
  /** The bot's permissions in the channel; default computed. */
  appPermissions?: string;
  /** The user's client locale; default 'en-US'. */
  locale?: string;
  /** Default the guild's preferred locale. */
  guildLocale?: string;
}

/** Option types whose values are ids Discord resolves into `data.resolved`. */
const USER = 6;
const CHANNEL = 7;
const ROLE = 8;
const MENTIONABLE = 9;

function resolved(w: World, guildId: string, options: InteractionOption[]): Json | undefined {
  const guild = w.dir.guild(guildId);
  const out: Record<string, Json> = {};
  const add = (kind: string, id: string, value: unknown): void => {
    out[kind] = { ...(out[kind] ?? {}), [id]: value };
  };
  for (const o of options) {
    const id = String(o.value);
    if (o.type === USER || o.type === MENTIONABLE) {
      const member = guild.members.get(id);
      if (w.dir.users.has(id) || member) add('users', id, apiUser(w.dir.users.get(id), id));
      if (member) add('members', id, { ...apiMember(w.dir, member, false), permissions: String(w.dir.basePermissions(guild, member)) });
    }
    const role = guild.roles.get(id);
    if ((o.type === ROLE || o.type === MENTIONABLE) && role) add('roles', id, apiRole(role));
    const channel = guild.channels.get(id);
    if (o.type === CHANNEL && channel) {
      const { id: cid, name, type, parent_id } = apiChannel(channel);
      add('channels', id, { id: cid, name, type, parent_id, permissions: String(w.dir.botPermissions(guild, channel)) });
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The command's registered id (guild command first, then global); a fresh id for a command never registered. */
function commandOf(w: World, guildId: string, name: string): { id: string; guildId?: string } {
  const inGuild = w.commands.get(guildId)?.get(`1:${name}`);
  if (inGuild) return { id: String(inGuild.id), guildId };
  const global = w.commands.get('')?.get(`1:${name}`);
  return { id: global ? String(global.id) : snowflake() };
}

/** Builds the interaction, registers it in the world, and returns the INTERACTION_CREATE payload. */
export function buildInteraction(w: World, spec: InteractionSpec): { state: InteractionState; payload: Json } {
  const guild = w.dir.guild(spec.guildId);
  const channel = guild.channels.get(spec.channelId);
  if (!channel) throw new Error(`fake discord: guild ${spec.guildId} has no channel ${spec.channelId}`);
  const member: Member = guild.members.get(spec.userId) ?? { userId: spec.userId, roles: [], nick: null, joinedAt: new Date().toISOString() };
  const memberPermissions = spec.memberPermissions ?? String(w.dir.channelPermissions(guild, channel, member));
  const appPermissions = spec.appPermissions ?? String(w.dir.botPermissions(guild, channel));
  parseBits(memberPermissions, 'memberPermissions');
  parseBits(appPermissions, 'appPermissions');
  const id = snowflake();
  const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
  const type = spec.type ?? 2;
  const leaf = spec.options ?? [];
  const sub = spec.subcommand === undefined ? leaf : [{ type: 1, name: spec.subcommand, options: leaf }];
  const options = spec.subcommandGroup === undefined ? sub : [{ type: 2, name: spec.subcommandGroup, options: sub }];
  const command = commandOf(w, guild.id, spec.name);
  const res = resolved(w, guild.id, leaf);
  const data: Json = {
    id: command.id, name: spec.name, type: 1, ...(command.guildId ? { guild_id: command.guildId } : {}),
    ...(options.length > 0 ? { options } : {}), ...(res ? { resolved: res } : {}),
  };
  const payload: Json = {
    app_permissions: appPermissions, application_id: w.applicationId, attachment_size_limit: 10_485_760,
    authorizing_integration_owners: { '0': guild.id }, channel: { ...apiChannel(channel), permissions: memberPermissions },
    channel_id: channel.id, context: 0, data, entitlement_sku_ids: [], entitlements: [],
    guild: { id: guild.id, locale: guild.preferredLocale, features: [] }, guild_id: guild.id,
    guild_locale: spec.guildLocale ?? guild.preferredLocale, id, locale: spec.locale ?? 'en-US',
    member: { ...apiMember(w.dir, member), permissions: memberPermissions }, token, type, version: 1,
  };
  const state: InteractionState = {
    id, token, type, guildId: guild.id, channelId: channel.id, userId: spec.userId, commandName: spec.name,
    dispatchedAt: w.clock.now(), followUps: [],
  };
  w.interactions.set(id, state);
  return { state, payload };
}

/** Guilds, channels, roles and members as the fake holds them, and Discord's permission arithmetic. No I/O. */
import { isSnowflake, snowflake } from './time.js';

/** Permission bits the fake checks itself (all others are carried along untouched). */
export const Permission = {
  Administrator: 1n << 3n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  UseApplicationCommands: 1n << 31n,
} as const;
/** Every permission bit Discord defines today (and a few to spare). */
export const ALL_PERMISSIONS = (1n << 53n) - 1n;
/** What the bot's invite asks for: view, send, embed links, read history. */
export const DEFAULT_BOT_PERMISSIONS =
  Permission.ViewChannel | Permission.SendMessages | Permission.EmbedLinks | Permission.ReadMessageHistory;

/** A channel permission overwrite: `type` 0 for a role (the guild id is @everyone), 1 for a member. */
export interface OverwriteSpec { id: string; type: 0 | 1; allow?: string; deny?: string }
/** A channel as a test declares it. `type` 0 text (default), 2 voice, 4 category, 5 announcement, 15 forum. */
export interface ChannelSpec { id: string; name: string; type?: number; topic?: string; parentId?: string; permissionOverwrites?: OverwriteSpec[] }
/** A role as a test declares it. A role whose id is the guild id is @everyone. */
export interface RoleSpec { id: string; name: string; permissions?: string; position?: number; color?: number }
/**
 * A guild as a test declares it. An undeclared @everyone gets no permissions, so what the bot may do is what its
 * managed role (`setBotPermissions`, default view/send/embed/history) and the channel overwrites say.
 */
export interface GuildSpec {
  id: string;
  name: string;
  /** Default 'en-US'. */
  preferredLocale?: string;
  /** Default a user that is not the bot; the owner has every permission. */
  ownerId?: string;
  channels?: ChannelSpec[];
  roles?: RoleSpec[];
}
/** A guild member as a test declares it. `permissions` becomes a role of its own (named after the user). */
export interface MemberSpec { userId: string; username?: string; roles?: string[]; permissions?: string; nick?: string; bot?: boolean }

export interface Overwrite { id: string; type: 0 | 1; allow: bigint; deny: bigint }
export interface Channel {
  id: string; guildId: string; name: string; type: number; position: number; topic: string | null;
  parentId: string | null; overwrites: Map<string, Overwrite>; lastMessageId: string | null;
}
export interface Role { id: string; name: string; permissions: bigint; position: number; color: number; managed: boolean; botId?: string }
export interface Member { userId: string; roles: string[]; nick: string | null; joinedAt: string }
export interface User { id: string; username: string; bot: boolean }
export interface Guild {
  id: string; name: string; preferredLocale: string; ownerId: string; joinedAt: string; botRoleId: string;
  channels: Map<string, Channel>; roles: Map<string, Role>; members: Map<string, Member>;
}

function bits(s: string | undefined, what: string): bigint {
  if (s === undefined) return 0n;
  if (!/^\d+$/.test(s)) throw new Error(`fake discord: ${what} must be a bitfield string of digits, got ${JSON.stringify(s)}`);
  return BigInt(s);
}

function checkId(id: string, what: string): void {
  if (!isSnowflake(id)) throw new Error(`fake discord: ${what} id must be a snowflake (digits), got ${JSON.stringify(id)}`);
}

/** Every guild the bot is in, the users the fake knows, and the permission checks of Discord. */
export class Directory {
  readonly guilds = new Map<string, Guild>();
  readonly users = new Map<string, User>();

  constructor(readonly botUserId: string, botName: string) {
    this.users.set(botUserId, { id: botUserId, username: botName, bot: true });
  }

  addGuild(spec: GuildSpec): Guild {
    checkId(spec.id, 'guild');
    const now = new Date().toISOString();
    const guild: Guild = {
      id: spec.id, name: spec.name, preferredLocale: spec.preferredLocale ?? 'en-US', ownerId: spec.ownerId ?? '1000000000000000001',
      joinedAt: now, botRoleId: snowflake(), channels: new Map(), roles: new Map(), members: new Map(),
    };
    guild.roles.set(guild.id, { id: guild.id, name: '@everyone', permissions: 0n, position: 0, color: 0, managed: false });
    for (const [i, r] of (spec.roles ?? []).entries()) {
      checkId(r.id, 'role');
      guild.roles.set(r.id, {
        id: r.id, name: r.name, permissions: bits(r.permissions, `role ${r.id} permissions`),
        position: r.id === guild.id ? 0 : (r.position ?? i + 1), color: r.color ?? 0, managed: false,
      });
    }
    const bot = this.users.get(this.botUserId);
    guild.roles.set(guild.botRoleId, {
      id: guild.botRoleId, name: bot?.username ?? 'bot', permissions: DEFAULT_BOT_PERMISSIONS,
      position: guild.roles.size, color: 0, managed: true, botId: this.botUserId,
    });
    guild.members.set(this.botUserId, { userId: this.botUserId, roles: [guild.botRoleId], nick: null, joinedAt: now });
    this.guilds.set(guild.id, guild);
    for (const c of spec.channels ?? []) this.addChannel(guild.id, c);
    return guild;
  }

  addChannel(guildId: string, spec: ChannelSpec): Channel {
    const guild = this.guild(guildId);
    checkId(spec.id, 'channel');
    const overwrites = new Map<string, Overwrite>();
    for (const o of spec.permissionOverwrites ?? []) {
      overwrites.set(o.id, { id: o.id, type: o.type, allow: bits(o.allow, 'allow'), deny: bits(o.deny, 'deny') });
    }
    const channel: Channel = {
      id: spec.id, guildId, name: spec.name, type: spec.type ?? 0, position: guild.channels.size, topic: spec.topic ?? null,
      parentId: spec.parentId ?? null, overwrites, lastMessageId: null,
    };
    guild.channels.set(channel.id, channel);
    return channel;
  }

  addMember(guildId: string, spec: MemberSpec): Member {
    const guild = this.guild(guildId);
    checkId(spec.userId, 'user');
    this.users.set(spec.userId, { id: spec.userId, username: spec.username ?? `user${spec.userId.slice(-4)}`, bot: spec.bot ?? false });
    const roles = [...(spec.roles ?? [])];
    for (const r of roles) if (!guild.roles.has(r)) throw new Error(`fake discord: guild ${guildId} has no role ${r}`);
    if (spec.permissions !== undefined) {
      const id = snowflake();
      guild.roles.set(id, {
        id, name: `${spec.username ?? spec.userId} permissions`, permissions: bits(spec.permissions, 'member permissions'),
        position: guild.roles.size, color: 0, managed: false,
      });
      roles.push(id);
    }
    const member: Member = { userId: spec.userId, roles, nick: spec.nick ?? null, joinedAt: new Date().toISOString() };
    guild.members.set(spec.userId, member);
    return member;
  }

  guild(id: string): Guild {
    const g = this.guilds.get(id);
    if (!g) throw new Error(`fake discord: no guild ${id}`);
    return g;
  }

  /** The channel with this id in any guild, with its guild. */
  findChannel(id: string): { guild: Guild; channel: Channel } | undefined {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.get(id);
      if (channel) return { guild, channel };
    }
    return undefined;
  }

  /** Guild-wide permissions: @everyone, then the member's roles; the owner and administrators have all. */
  basePermissions(guild: Guild, member: Member): bigint {
    if (guild.ownerId === member.userId) return ALL_PERMISSIONS;
    let p = guild.roles.get(guild.id)?.permissions ?? 0n;
    for (const r of member.roles) p |= guild.roles.get(r)?.permissions ?? 0n;
    return p & Permission.Administrator ? ALL_PERMISSIONS : p;
  }

  /** Permissions in a channel, in Discord's order: @everyone overwrite, role overwrites, member overwrite. */
  channelPermissions(guild: Guild, channel: Channel, member: Member): bigint {
    const base = this.basePermissions(guild, member);
    if (base === ALL_PERMISSIONS) return base;
    const everyone = channel.overwrites.get(guild.id);
    let p = everyone ? (base & ~everyone.deny) | everyone.allow : base;
    let allow = 0n;
    let deny = 0n;
    for (const r of member.roles) {
      const o = channel.overwrites.get(r);
      if (o?.type === 0) { allow |= o.allow; deny |= o.deny; }
    }
    p = (p & ~deny) | allow;
    const own = channel.overwrites.get(member.userId);
    if (own?.type === 1) p = (p & ~own.deny) | own.allow;
    // Without View Channel, nothing else in the channel is granted.
    return p & Permission.ViewChannel ? p : 0n;
  }

  /** The bot's permissions in a channel. */
  botPermissions(guild: Guild, channel: Channel): bigint {
    const me = guild.members.get(this.botUserId);
    return me ? this.channelPermissions(guild, channel, me) : 0n;
  }
}

/** Parses a bitfield string given by a test. */
export const parseBits = bits;

/** The JSON objects Discord answers and dispatches (API v10 shapes), built from the fake's model. */
import type { Channel, Directory, Guild, Member, Role, User } from './model.js';

type Json = Record<string, unknown>;

/** A user object; bots keep a four-digit discriminator, people have '0' since the username migration. */
export function apiUser(u: User | undefined, id = u?.id ?? '0'): Json {
  return {
    id, username: u?.username ?? `user${id.slice(-4)}`, global_name: u?.bot ? null : (u?.username ?? null),
    discriminator: u?.bot ? '4821' : '0', avatar: null, avatar_decoration_data: null, banner: null, accent_color: null,
    public_flags: 0, flags: 0, primary_guild: null, collectibles: null, ...(u?.bot ? { bot: true } : {}),
  };
}

export function apiRole(r: Role): Json {
  return {
    id: r.id, name: r.name, description: null, color: r.color, colors: { primary_color: r.color, secondary_color: null, tertiary_color: null },
    hoist: false, icon: null, unicode_emoji: null, position: r.position, permissions: String(r.permissions), managed: r.managed,
    mentionable: false, flags: 0, ...(r.botId ? { tags: { bot_id: r.botId } } : {}),
  };
}

export function apiChannel(c: Channel): Json {
  return {
    id: c.id, type: c.type, guild_id: c.guildId, name: c.name, position: c.position, parent_id: c.parentId, flags: 0,
    permission_overwrites: [...c.overwrites.values()].map((o) => ({ id: o.id, type: o.type, allow: String(o.allow), deny: String(o.deny) })),
    ...(c.type === 4 ? {} : { topic: c.topic, nsfw: false, last_message_id: c.lastMessageId, rate_limit_per_user: 0 }),
  };
}

/** A guild member; `withUser: false` for the partial members of MESSAGE_CREATE and resolved data. */
export function apiMember(dir: Directory, m: Member, withUser = true): Json {
  return {
    ...(withUser ? { user: apiUser(dir.users.get(m.userId), m.userId) } : {}),
    roles: [...m.roles], joined_at: m.joinedAt, nick: m.nick, avatar: null, banner: null, premium_since: null, deaf: false,
    mute: false, pending: false, flags: 0, communication_disabled_until: null, unusual_dm_activity_until: null,
  };
}

/** The REST guild object (`GET /guilds/:id`). */
export function apiGuild(g: Guild): Json {
  return {
    id: g.id, name: g.name, icon: null, icon_hash: null, splash: null, discovery_splash: null, owner_id: g.ownerId,
    afk_channel_id: null, afk_timeout: 300, widget_enabled: false, widget_channel_id: null, verification_level: 0,
    default_message_notifications: 0, explicit_content_filter: 0, roles: [...g.roles.values()].map(apiRole), emojis: [],
    features: [], mfa_level: 0, application_id: null, system_channel_id: null, system_channel_flags: 0, rules_channel_id: null,
    max_presences: null, max_members: 500000, vanity_url_code: null, description: null, banner: null, premium_tier: 0,
    premium_subscription_count: 0, preferred_locale: g.preferredLocale, public_updates_channel_id: null,
    max_video_channel_users: 25, max_stage_video_channel_users: 50, nsfw_level: 0, stickers: [], premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null, incidents_data: null, region: 'deprecated', home_header: null, hub_type: null, latest_onboarding_question_id: null,
  };
}

/** GUILD_CREATE's payload: the guild plus what the gateway adds (channels, members, counts, joined_at…). */
export function gatewayGuild(dir: Directory, g: Guild): Json {
  return {
    ...apiGuild(g), joined_at: g.joinedAt, large: false, unavailable: false, lazy: true, member_count: g.members.size,
    voice_states: [], members: [...g.members.values()].map((m) => apiMember(dir, m)), channels: [...g.channels.values()].map((c) => {
      const { guild_id: _omitted, ...rest } = apiChannel(c);
      return rest;
    }),
    threads: [], presences: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [], embedded_activities: [],
    activity_instances: [], application_command_counts: {}, version: Date.now(),
  };
}

/** A message as stored by the fake: the API object plus what was sent alongside it. */
export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: Json;
  content: string;
  embeds: Json[];
  /** 64 ephemeral, 128 loading (a deferred reply not yet edited), 4 suppress embeds… */
  flags: number;
  /** 0 default, 20 an interaction's original response. */
  type: number;
  timestamp: string;
  edited_timestamp: string | null;
  components: unknown[];
  allowed_mentions?: unknown;
  nonce?: string | number;
  enforce_nonce?: boolean;
  tts: boolean;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Json;
}

/** The message object Discord answers (mentions are not parsed out of the content: always empty). */
export function apiMessage(m: StoredMessage): Json {
  const { allowed_mentions: _a, enforce_nonce: _e, guild_id: _g, ...rest } = m;
  return {
    ...rest, mentions: [], mention_roles: [], mention_everyone: false, attachments: [], pinned: false, sticker_items: [],
  };
}

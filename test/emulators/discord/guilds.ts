/** Reading the directory: channels, guilds and members as the bot may see them. */
import { apiError, type Answer } from './faults.js';
import { Permission } from './model.js';
import { apiChannel, apiGuild, apiMember } from './payloads.js';
import type { World } from './world.js';

/** `GET /channels/:id`: 10003 unknown, 50001 without View Channel. */
export function getChannel(w: World, channelId: string): Answer {
  const found = w.dir.findChannel(channelId);
  if (!found) return apiError(10003);
  if (!(w.dir.botPermissions(found.guild, found.channel) & Permission.ViewChannel)) return apiError(50001);
  return { status: 200, body: apiChannel(found.channel) };
}

/** `GET /guilds/:id` (`?with_counts=true` adds the approximate counts): 10004 for a guild the bot is not in. */
export function getGuild(w: World, guildId: string, withCounts: boolean): Answer {
  const guild = w.dir.guilds.get(guildId);
  if (!guild) return apiError(10004);
  const counts = withCounts ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {};
  return { status: 200, body: { ...apiGuild(guild), ...counts } };
}

/** `GET /guilds/:id/members/:user`: 10004 unknown guild, 10007 not a member. */
export function getMember(w: World, guildId: string, userId: string): Answer {
  const guild = w.dir.guilds.get(guildId);
  if (!guild) return apiError(10004);
  const member = guild.members.get(userId);
  return member ? { status: 200, body: apiMember(w.dir, member) } : apiError(10007);
}

import { OAuth2Scopes, PermissionFlagsBits, PermissionsBitField } from 'discord.js';

/**
 * What the bot needs in a channel, and nothing more: to see it, post in it, and embed links (alerts are embeds). It
 * never reads messages (a repeated send is refused by its nonce, not found by reading history), mentions anyone,
 * or manages anything. `subscribe` and `test` check these in the channel before anything else.
 */
export const BOT_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

/** Their names, in Discord's PermissionsString spelling (the command layer words them per language). */
export const BOT_PERMISSION_NAMES = new PermissionsBitField(BOT_PERMISSIONS).toArray();

/** The OAuth2 URL that adds the bot to a server with exactly BOT_PERMISSIONS and its slash command. */
export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({ client_id: applicationId, scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '), permissions: String(BOT_PERMISSIONS) });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}

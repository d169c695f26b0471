import { Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { REST } from '@discordjs/rest';
import { secnumcloudCommand } from './commands.js';

/**
 * Registers `/secnumcloud` (`npm run discord:deploy`): globally, or for one guild (DISCORD_GUILD_ID), where
 * changes show at once. A PUT replaces the application's commands with ours: running it twice changes nothing.
 */
export async function deployCommands(rest: REST, applicationId: string, guildId?: string): Promise<string[]> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const result = (await rest.put(route, { body: [secnumcloudCommand().toJSON()] })) as RESTPutAPIApplicationCommandsResult;
  return result.map((c) => c.name);
}

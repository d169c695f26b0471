import { Client, Events, GatewayIntentBits, MessageFlags, PermissionFlagsBits, type AutocompleteInteraction, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import { SERVICE_TYPES } from '../../core/offer.js';
import type { CommandDeps, Invocation } from '../../commands/ports.js';
import type { Reply } from '../../commands/reply.js';
import { runCommand } from '../../commands/run.js';
import { normalizeName } from '../../core/normalize.js';
import type { Logger } from '../../logger.js';
import { commandText } from './commands.js';
import { toDiscord } from './format.js';
import { BOT_PERMISSIONS } from './permissions.js';

export interface DiscordBotOptions {
  token: string;
  /** DISCORD_API_URL: the REST base (the gateway's address comes from GET /gateway/bot there). */
  apiUrl?: string;
  /** One gateway connection receives every interaction of its shard: one replica per shard. */
  shardId?: number;
  shardCount?: number;
  logger: Logger;
  deps: CommandDeps;
}

/** Past this, the interaction is deferred (Discord allows 3 s for the first answer, 15 min for the rest). */
const DEFER_AFTER_MS = 1_500;
const FAULT: Reply = {
  visibility: 'ephemeral',
  tone: 'error',
  summary: 'Erreur interne du tracker, réessayez dans un instant. / Internal error, please try again shortly.',
  blocks: [{ type: 'paragraph', content: ['Erreur interne du tracker, réessayez dans un instant. / Internal error, please try again shortly.'] }],
};
/** Replies that may be shown to the channel (the rest is ephemeral): a deferral must choose before knowing. */
const MAY_BE_PUBLIC = new Set(['subscribe', 'unsubscribe', 'lang', 'pause', 'resume']);
/** Subcommands that lead to posting here: the bot first checks it can, and says what permission to give it. */
const POSTS_HERE = new Set(['subscribe', 'test']);

function invocation(i: ChatInputCommandInteraction): Invocation {
  const base = { channel: { platform: 'discord' as const, workspace: i.guildId ?? 'dm', channel: i.channelId }, user: i.user.id, locale: i.guildLocale ?? i.locale };
  const missing = POSTS_HERE.has(i.options.getSubcommand()) ? i.appPermissions.missing(BOT_PERMISSIONS) : [];
  if (missing.length > 0) return { ...base, canManage: false, cannotManageReason: 'bot-permissions', botMissing: missing };
  if (!i.memberPermissions?.has(PermissionFlagsBits.ManageChannels)) return { ...base, canManage: false, cannotManageReason: 'manage-channels' };
  return { ...base, canManage: true };
}

async function answer(i: ChatInputCommandInteraction, deps: CommandDeps, logger: Logger): Promise<void> {
  const work = runCommand(commandText(i), invocation(i), deps).catch((err: Error) => {
    logger.error({ err: err.message, guild: i.guildId }, 'discord command failed');
    return FAULT;
  });
  const early = await Promise.race([work, new Promise<undefined>((r) => setTimeout(() => r(undefined), DEFER_AFTER_MS))]);
  if (early) {
    const m = toDiscord(early);
    await i.reply({ content: m.content, embeds: m.embeds, allowedMentions: { parse: [] }, ...(early.visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {}) });
    await followUp(i, early, logger);
    return;
  }
  await i.deferReply(MAY_BE_PUBLIC.has(i.options.getSubcommand()) ? {} : { flags: MessageFlags.Ephemeral });
  const reply = await work;
  const m = toDiscord(reply);
  await i.editReply({ content: m.content, embeds: m.embeds, allowedMentions: { parse: [] } });
  await followUp(i, reply, logger);
}

/** The reply's second part (`test`: whether its alert was posted), as a follow-up message to the same user. */
async function followUp(i: ChatInputCommandInteraction, reply: Reply, logger: Logger): Promise<void> {
  if (!reply.followUp) return;
  const next = await reply.followUp().catch((err: Error) => {
    logger.error({ err: err.message, guild: i.guildId }, 'discord command follow-up failed');
    return FAULT;
  });
  const m = toDiscord(next);
  await i.followUp({ content: m.content, embeds: m.embeds, allowedMentions: { parse: [] }, ...(next.visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {}) });
}

/** Autocomplete: subscription ids, service types, or provider names (the catalogue's and those en cours). */
async function suggest(i: AutocompleteInteraction, deps: CommandDeps): Promise<void> {
  const typed = normalizeName(String(i.options.getFocused()));
  const focused = i.options.getFocused(true).name;
  let names: string[];
  if (focused === 'type') {
    // "IaaS, Pa" → proposes "IaaS, PaaS": the types already chosen stay, the last word is completed.
    const value = String(i.options.getFocused());
    const head = value.includes(',') ? `${value.slice(0, value.lastIndexOf(',') + 1).trim()} ` : '';
    const last = normalizeName(value.slice(value.lastIndexOf(',') + 1));
    await i.respond(SERVICE_TYPES.filter((t) => normalizeName(t).startsWith(last)).map((t) => ({ name: `${head}${t}`, value: `${head}${t}` })));
    return;
  }
  if (focused === 'id') {
    const subs = await deps.subscriptions.list({ platform: 'discord', workspace: i.guildId ?? 'dm', channel: i.channelId });
    names = ['all', ...subs.map((s) => s.id)];
  } else {
    const [q, p] = await Promise.all([deps.state.qualified(), deps.state.inProgress()]);
    names = [...new Set([...q.offers, ...p].map((o) => o.provider))].sort((a, b) => a.localeCompare(b, 'fr'));
  }
  const matching = names.filter((n) => normalizeName(n).includes(typed)).slice(0, 25);
  await i.respond(matching.map((n) => ({ name: n, value: n })));
}

/**
 * The Discord bot: a discord.js Client on the gateway (intent Guilds only), answering `/secnumcloud` through the
 * command layer. The command definitions are deployed separately (`npm run discord:deploy`), not at each start.
 */
export async function startDiscordBot(opts: DiscordBotOptions): Promise<{ client: Client; stop: () => Promise<void> }> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { ...(opts.apiUrl ? { api: opts.apiUrl } : {}) },
    ...(opts.shardId !== undefined ? { shards: opts.shardId, shardCount: opts.shardCount ?? 1 } : {}),
  });
  client.on(Events.InteractionCreate, (i: Interaction) => {
    const handle = async (): Promise<void> => {
      if (i.isAutocomplete() && i.commandName === 'secnumcloud') await suggest(i, opts.deps);
      else if (i.isChatInputCommand() && i.commandName === 'secnumcloud') await answer(i, opts.deps, opts.logger);
    };
    handle().catch((err: Error) => opts.logger.error({ err: err.message }, 'discord interaction not answered'));
  });
  client.on(Events.Error, (err) => opts.logger.error({ err: err.message }, 'discord client error'));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(opts.token);
  await ready;
  opts.logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, shard: opts.shardId ?? 0 }, 'discord bot connected');
  return { client, stop: () => client.destroy() };
}

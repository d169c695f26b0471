import { ConfigError } from '../config.js';
import { ensureRedisServer } from '../redis/install.js';
import { acceptCommand, checkCommand } from './check-accept.js';
import { deliveriesCommand } from './deliveries.js';
import { demoCommand } from './demo.js';
import { healthCommand } from './health.js';
import { diffListsCommand, parseListsCommand } from './catalogue-lists.js';
import { diffCommand, parseCommand } from './parse-diff.js';
import type { Actions } from './program.js';
import { remindCommand } from './remind.js';
import { startCommand } from './start.js';
import { eraseCommand } from './subscriptions-erase.js';
import { exportCommand, importCommand } from './subscriptions-io.js';
import { addCommand, listCommand, removeCommand } from './subscriptions-manage.js';

/** What each command of the program does (src/cli/program.ts declares them). */
export const actions: Actions = {
  start: startCommand,
  check: checkCommand,
  accept: acceptCommand,
  remind: remindCommand,
  deliveriesFailed: deliveriesCommand,
  subscriptionsExport: exportCommand,
  subscriptionsImport: importCommand,
  subscriptionsAdd: addCommand,
  subscriptionsList: listCommand,
  subscriptionsRemove: removeCommand,
  subscriptionsErase: eraseCommand,
  demo: demoCommand,
  health: healthCommand,
  async parse(kind, file, opts, ctx) {
    if (opts.list !== undefined) await parseListsCommand(kind, file, opts.list, ctx.config, ctx.out);
    else await parseCommand([kind, file], ctx.config, ctx.out, ctx.err);
    return 0;
  },
  async diff(kind, oldFile, newFile, opts, ctx) {
    if (opts.list !== undefined) await diffListsCommand(kind, [oldFile, newFile], opts.list, ctx.config, ctx.out, ctx.err);
    else await diffCommand([kind, oldFile, newFile], ctx.config, ctx.out, ctx.err);
    return 0;
  },
  async discordDeploy(ctx) {
    const { config } = ctx;
    const missing = (['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'] as const).filter((v) => !config[v]);
    if (missing.length > 0) throw new ConfigError(`discord-deploy needs ${missing.join(' and ')} (the bot's token and its application id; docs/configuration.md)`);
    const { deployDiscordCommands } = await import('./roles.js');
    const { names, invite, permissions } = await deployDiscordCommands(config);
    ctx.err(`registered /${names.join(', /')} ${config.DISCORD_GUILD_ID ? `in guild ${config.DISCORD_GUILD_ID}` : 'globally (may take up to an hour to show)'}`);
    ctx.err(`invite the bot with exactly the permissions it needs (${permissions.join(', ')}):`);
    ctx.out(invite);
    return 0;
  },
  async ensureRedis(ctx) {
    if (!ctx.config.REDIS_URL) await ensureRedisServer({ autoInstall: ctx.config.AUTO_INSTALL, log: ctx.err });
    return 0;
  },
};

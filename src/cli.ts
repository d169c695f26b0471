#!/usr/bin/env node
import { acceptCommand, checkCommand } from './cli/check-accept.js';
import type { CliContext } from './cli/context.js';
import { demoCommand } from './cli/demo.js';
import { InputError } from './cli/errors.js';
import { diffCommand, parseCommand } from './cli/parse-diff.js';
import { deliveriesCommand } from './cli/deliveries.js';
import { remindCommand } from './cli/remind.js';
import { startCommand } from './cli/start.js';
import { subscriptionsCommand } from './cli/subscriptions-io.js';
import { ConfigError, loadConfig, logFormat } from './config.js';
import { createLogger } from './logger.js';
import { ensureRedisServer, RedisSetupError } from './redis/install.js';
import { SourceFormatError } from './sources/errors.js';
import { SourcesFileError } from './sources/sources-file.js';

const USAGE = `usage: secnumcloud-tracker <command>
  start [--role all|scheduler|worker|web|bot]
                                       run the tracker (npm start = start --role all)
  check [--source ID] [--commit]        poll every source once, print the changes as JSON lines
  accept <source>                       let a held (suspect) snapshot through, print the changes
  remind [--commit]                     the expiry reminders due today (the daily job), as JSON lines
  deliveries failed [n]                 the deliveries that failed for good, with the reason
  subscriptions export [--file path]    every channel's subscriptions and language, as a JSON document
  subscriptions import <path|->         merge such a document in (all or nothing; importing twice changes nothing)
  demo --first <pdf> --next <pdf>       serve two editions locally, poll each, print the alerts (or: npm run demo)
  parse <kind> <file>                   parse one local document, print its records as JSON
  diff <kind> <old> <new>               parse two documents, print the change events as JSON
  discord-deploy                        register /secnumcloud on Discord (globally, or in DISCORD_GUILD_ID), print the invite URL
  ensure-redis                          install redis-server when missing (as npm start and npm test do)
kinds: anssi-catalogue, anssi-page, rss`;

const out = (s: string): void => void process.stdout.write(s + '\n');
const err = (s: string): void => void process.stderr.write(s + '\n');

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  debug = config.DEBUG;
  const ctx: CliContext = { config, logger: createLogger({ level: config.LOG_LEVEL, format: logFormat(config, process.stderr.isTTY) }), out, err };
  const [command, ...args] = argv;
  switch (command) {
    case 'start':
      return startCommand(args, ctx);
    case 'check':
      return checkCommand(args, ctx);
    case 'accept':
      return acceptCommand(args, ctx);
    case 'remind':
      return remindCommand(args, ctx);
    case 'deliveries':
      return deliveriesCommand(args, ctx);
    case 'subscriptions':
      return subscriptionsCommand(args, ctx);
    case 'demo':
      return demoCommand(args, ctx);
    case 'parse':
      await parseCommand(args, config.SOURCES_FILE, out, err);
      return 0;
    case 'diff':
      await diffCommand(args, config.SOURCES_FILE, out, err);
      return 0;
    case 'discord-deploy': {
      const { deployDiscordCommands } = await import('./cli/roles.js');
      const { names, invite, permissions } = await deployDiscordCommands(config);
      err(`registered /${names.join(', /')} ${config.DISCORD_GUILD_ID ? `in guild ${config.DISCORD_GUILD_ID}` : 'globally (may take up to an hour to show)'}`);
      err(`invite the bot with exactly the permissions it needs (${permissions.join(', ')}):`);
      out(invite);
      return 0;
    }
    case 'ensure-redis':
      if (!config.REDIS_URL) await ensureRedisServer({ autoInstall: config.AUTO_INSTALL, log: err });
      return 0;
    case 'help':
    case '--help':
    case '-h':
      out(USAGE);
      return 0;
    default:
      throw new InputError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  }
}

let debug = false;
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof ConfigError || e instanceof RedisSetupError || e instanceof SourcesFileError) {
      // The operator's environment to fix, not bad input to this command (STYLE.md: exit 1).
      err(`error: ${e.message}`);
      process.exitCode = 1;
    } else if (e instanceof InputError || e instanceof SourceFormatError) {
      err(`error: ${e.message}`);
      process.exitCode = 2;
    } else {
      err(`internal error: ${e instanceof Error ? e.message : String(e)} (set DEBUG=1 for details)`);
      if (debug) err(e instanceof Error ? (e.stack ?? '') : '');
      process.exitCode = 1;
    }
  },
);

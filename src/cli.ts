#!/usr/bin/env node
import { CommanderError, type Command } from 'commander';
import type { CliContext } from './cli/context.js';
import { InputError } from './cli/errors.js';
import { buildProgram } from './cli/program.js';
import { ConfigError, loadConfig, loadEnvFile, logFormat } from './config.js';
import { FatalError } from './cli/fatal-error.js';
import { ListenError } from './http/listen-error.js';
import { createLogger } from './logger.js';
import { RedisSetupError } from './redis/install.js';
import { SourceFormatError } from './sources/errors.js';
import { SourcesFileError } from './sources/sources-file.js';

const out = (s: string): void => void process.stdout.write(s + '\n');
const err = (s: string): void => void process.stderr.write(s + '\n');

let debug = false;
let context: CliContext | undefined;
/** The configuration is read only by the commands that need it: `help`, `--version` and usage errors need none. */
function contextOf(): CliContext {
  if (context) return context;
  const config = loadConfig();
  debug = config.DEBUG;
  context = { config, logger: createLogger({ level: config.LOG_LEVEL, format: logFormat(config, process.stderr.isTTY) }), out, err };
  return context;
}

/** `secnumcloud-tracker check` for `check --frobnicate`: where `--help` shows the usage that was not followed. */
function commandPath(program: Command, argv: readonly string[]): string {
  const names = [program.name()];
  let at: Command = program;
  for (const word of argv) {
    const sub = at.commands.find((c) => c.name() === word);
    if (!sub) break;
    names.push(word);
    at = sub;
  }
  return names.join(' ');
}

/** One line for a usage error: commander's message without its own `error:` and without a trailing period. */
function usageLine(e: CommanderError, path: string): string {
  const what = e.code === 'commander.help' ? 'a command is missing' : e.message.replace(/^error:\s*/, '').replace(/\.?\s*$/, '');
  return `error: ${what.replace(/\s*\n\s*/g, ' ')} (${path} --help shows the usage)`;
}

async function main(argv: string[]): Promise<number> {
  // ./.env, when there is one: what the README asks a user to create. Variables already set win over it.
  loadEnvFile();
  const result = { code: 0 };
  const program = buildProgram(contextOf, async () => (await import('./cli/actions.js')).actions, result, { out, err: () => {} });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    // Help and --version were printed on standard output; anything else is a usage error.
    if (e.exitCode === 0) return 0;
    err(usageLine(e, commandPath(program, argv)));
    return 2;
  }
  return result.code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof ConfigError) {
      err(e.message);
      process.exitCode = 1;
    } else if (e instanceof RedisSetupError || e instanceof SourcesFileError || e instanceof FatalError || e instanceof ListenError) {
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

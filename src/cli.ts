#!/usr/bin/env node
import { InputError } from './cli/errors.js';
import { ConfigError, loadConfig } from './config.js';
import { diffCommand, parseCommand } from './cli/parse-diff.js';
import { SourceFormatError } from './sources/errors.js';

const USAGE = `usage: secnumcloud-tracker <command>
  parse <kind> <file>            parse one local document, print its records as JSON
  diff <kind> <old> <new>        parse two documents, print the change events as JSON
kinds: anssi-catalogue`;

const out = (s: string): void => void process.stdout.write(s + '\n');
const err = (s: string): void => void process.stderr.write(s + '\n');

async function main(argv: string[]): Promise<number> {
  debug = loadConfig().DEBUG;
  const [command, ...args] = argv;
  switch (command) {
    case 'parse':
      await parseCommand(args, out);
      return 0;
    case 'diff':
      await diffCommand(args, out, err);
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
    if (e instanceof ConfigError) {
      // A bad environment is the operator's to fix, not bad input to this command (STYLE.md: exit 1).
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

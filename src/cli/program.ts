import { Command, InvalidArgumentError, Option } from 'commander';
import { VERSION } from '../version.js';
import { SOURCE_KINDS } from '../sources/registry.js';
import type { CliContext } from './context.js';
import { ROLES, type Role } from './roles-list.js';

/** `subscriptions add`'s options (the repeatable ones are lists). */
export interface AddTargetOptions {
  url?: string;
  room?: string;
  /** email: the address, its digest mode. */
  address?: string;
  digest?: string;
  /** The target's language (fr, en). */
  lang?: string;
  name?: string;
  secret?: string;
  topics: string;
  provider: string[];
  keyword: string[];
  type: string[];
  exclude: string[];
  /** Catalogue lists (`passi`, …, or `all`); none: SecNumCloud. */
  catalogue?: string[];
  /** Qualified products' categories (`Pare-feu`, …); none: every category. */
  category?: string[];
  /** The product lists' expiry reminders (off by default, decision 0026). */
  productReminders?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** What a command's action gets: the context, built only when the command needs it (help and usage errors need none). */
export type ContextOf = () => CliContext;

/** The actions, loaded on demand so that `--help` or a usage error costs no import of the tracker's stack. */
export interface Actions {
  start(role: Role, ctx: CliContext): Promise<number>;
  check(opts: { source?: string; commit: boolean }, ctx: CliContext): Promise<number>;
  accept(source: string, ctx: CliContext): Promise<number>;
  remind(opts: { commit: boolean }, ctx: CliContext): Promise<number>;
  deliveriesFailed(count: string | undefined, ctx: CliContext): Promise<number>;
  subscriptionsExport(opts: { file?: string; withSecrets: boolean }, ctx: CliContext): Promise<number>;
  subscriptionsAdd(platform: string, opts: AddTargetOptions, ctx: CliContext): Promise<number>;
  subscriptionsList(platform: string | undefined, ctx: CliContext): Promise<number>;
  subscriptionsRemove(id: string, channel: string | undefined, ctx: CliContext): Promise<number>;
  subscriptionsImport(path: string, ctx: CliContext): Promise<number>;
  subscriptionsErase(address: string, ctx: CliContext): Promise<number>;
  demo(opts: { first?: string; next?: string }, ctx: CliContext): Promise<number>;
  parse(kind: string, file: string, opts: { list?: string }, ctx: CliContext): Promise<number>;
  diff(kind: string, oldFile: string, newFile: string, opts: { list?: string }, ctx: CliContext): Promise<number>;
  discordDeploy(ctx: CliContext): Promise<number>;
  ensureRedis(ctx: CliContext): Promise<number>;
  health(role: Role, ctx: CliContext): Promise<number>;
}

function role(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw new InvalidArgumentError(`unknown role "${value}" (roles: ${ROLES.join(', ')})`);
  return value as Role;
}

/**
 * The command line: one commander program whose actions store their exit code in `result.code`. Every contract of
 * ARCHITECTURE.md ("Commands") is kept: names, arguments, options, what goes to standard output.
 */
export function buildProgram(context: ContextOf, actions: () => Promise<Actions>, result: { code: number }, io: { out: (s: string) => void; err: (s: string) => void }): Command {
  const program = new Command('secnumcloud-tracker')
    // Set before the commands are added, so that each inherits them: commander throws instead of exiting, and its
    // own error text is left to the entry point, which prints one line.
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: () => {} })
    .description('Watches ANSSI\'s SecNumCloud catalogue, the "en cours" page and the press; posts each change to Slack, Discord or the console.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help (also: help <command>)')
    .addHelpText('after', `\nkinds: ${SOURCE_KINDS.join(', ')}\nnpm start = start --role all; configuration: environment variables or ./.env (docs/configuration.md)`)
    .showSuggestionAfterError(true);
  // Every action records its exit code rather than exiting: the entry point decides, after the output is flushed.
  const run = (fn: (a: Actions, ctx: CliContext) => Promise<number>) => async (): Promise<void> => {
    result.code = await fn(await actions(), context());
  };
  const roleOption = (help: string, fallback?: Role): Option => {
    const o = new Option('--role <role>', `${help} (${ROLES.join(', ')})`).argParser(role);
    return fallback ? o.default(fallback) : o.makeOptionMandatory();
  };

  const start = program.command('start').description('run the tracker until Ctrl-C or SIGTERM (npm start = start --role all)').addOption(roleOption('what this process runs', 'all'));
  start.action(run((a, ctx) => a.start(start.opts<{ role: Role }>().role, ctx)));
  const check = program
    .command('check')
    .description('poll every enabled source once (or one); print the change events as JSON lines; store nothing unless --commit')
    .option('--source <id>', 'one source of the sources file, enabled or not')
    .option('--commit', 'store the snapshots and events, as a scheduled poll does', false);
  check.action(run((a, ctx) => a.check(check.opts<{ source?: string; commit: boolean }>(), ctx)));
  program.command('accept').description('let a held (suspect) snapshot through; print the events it releases').argument('<source>', 'the source id')
    .action(async (source: string) => run((a, ctx) => a.accept(source, ctx))());
  const remind = program.command('remind').description('the expiry reminders due today (the daily job), as JSON lines').option('--commit', 'store (send) them', false);
  remind.action(run((a, ctx) => a.remind(remind.opts<{ commit: boolean }>(), ctx)));
  program.command('deliveries').description('failed [count]: the deliveries that failed for good, with the reason')
    .command('failed').description('the deliveries that failed for good, newest first, with the reason').argument('[count]', 'how many (1-10000)', '50')
    .action(async (count: string) => run((a, ctx) => a.deliveriesFailed(count, ctx))());
  const subs = program.command('subscriptions').description('add | list | remove targets\' subscriptions; export | import every channel\'s as a JSON document');
  const add = subs.command('add').description('subscribe a target (webhook, matrix, teams, email): prints its id, and a webhook\'s signing secret when generated')
    .argument('<platform>', 'webhook, matrix, teams or email')
    .option('--url <url>', 'webhook, teams: where to POST (a Teams incoming-webhook or Workflows URL); a credential: never logged nor exported without --with-secrets')
    .option('--room <id>', 'matrix: the room id (!…:server) the bot account posts to')
    .option('--address <address>', 'email: the address to send to (personal data: kept in the target store only; docs/email.md)')
    .option('--digest <mode>', 'email: immediate, daily or weekly (at MAIL_DIGEST_TIME in TZ_REFERENCE)')
    .option('--lang <lang>', 'the target\'s language: fr or en (DEFAULT_LANG otherwise)')
    .option('--name <name>', 'webhook, teams, email: the target\'s name (lower case, digits, - and _); derived from the URL, or random for an address, by default')
    .option('--secret <secret>', 'webhook: the signing secret (16 characters or more); generated by default')
    .option('--topics <list>', 'qualifications, news, expiry, comma-separated, or all', 'qualifications')
    .option('--provider <name>', 'only changes about this provider (repeatable)', collect, [])
    .option('--keyword <word>', 'only changes naming this word (repeatable)', collect, [])
    .option('--type <type>', 'only offers of this service type: SaaS, PaaS, CaaS, IaaS (repeatable)', collect, [])
    .option('--exclude <word>', 'no news naming this word (repeatable)', collect, [])
    .option('--catalogue <list>', 'catalogue list: passi, pris, eidas-seal, cc, cspn, qualified-products, products, … or all (repeatable; default SecNumCloud)', collect, [])
    .option('--category <name>', 'only qualified products of this category, e.g. Pare-feu (repeatable; default list qualified-products)', collect, [])
    .option('--product-reminders', 'expiry reminders of certified and qualified products too (off by default)', false);
  add.action(async (platform: string) => run((a, ctx) => a.subscriptionsAdd(platform, add.opts<AddTargetOptions>(), ctx))());
  const list = subs.command('list').description('every subscription, as a table (targets by name, never their URL)').option('--platform <name>', 'only this platform\'s');
  list.action(run((a, ctx) => a.subscriptionsList(list.opts<{ platform?: string }>().platform, ctx)));
  const remove = subs.command('remove').description('remove one subscription; a target left with none is erased').argument('<id>', 'the subscription id (s + 6 hex)')
    .option('--channel <key>', 'platform/workspace/channel, when the id is in several channels');
  remove.action(async (id: string) => run((a, ctx) => a.subscriptionsRemove(id, remove.opts<{ channel?: string }>().channel, ctx))());
  const erase = subs.command('erase').description('remove every trace of an e-mail address: its targets, subscriptions, queued alerts and delivery records')
    .requiredOption('--address <address>', 'the address (compared in lower case)');
  erase.action(run((a, ctx) => a.subscriptionsErase(erase.opts<{ address: string }>().address, ctx)));
  const exp = subs.command('export').description('every channel\'s subscriptions and language, as a JSON document').option('--file <path>', 'write it there rather than to standard output')
    .option('--with-secrets', 'include targets\' URLs and secrets (otherwise marked as omitted)', false);
  exp.action(run((a, ctx) => a.subscriptionsExport(exp.opts<{ file?: string; withSecrets: boolean }>(), ctx)));
  subs.command('import').description('merge such a document in (all or nothing; twice changes nothing)').argument('<path>', 'a file, or - for standard input')
    .action(async (path: string) => run((a, ctx) => a.subscriptionsImport(path, ctx))());
  const demo = program.command('demo').description('serve two editions locally, poll each, print the alerts (or: npm run demo)')
    .option('--first <pdf>', 'the edition polled first (the baseline)').option('--next <pdf>', 'the edition polled next');
  demo.action(run((a, ctx) => a.demo(demo.opts<{ first?: string; next?: string }>(), ctx)));
  const listHelp = 'anssi-catalogue: which list (secnumcloud by default, passi, eidas-seal, cc, cspn, qualified-products, …), or all';
  program.command('parse').description('parse one local document, print its records as JSON (no Redis, no token)')
    .argument('<kind>', SOURCE_KINDS.join(', ')).argument('<file>', 'the document').option('--list <id>', listHelp)
    .action(async (kind: string, file: string, opts: { list?: string }) => run((a, ctx) => a.parse(kind, file, opts, ctx))());
  program.command('diff').description('parse two documents, print the change events as JSON (no Redis, no token)')
    .argument('<kind>', SOURCE_KINDS.join(', ')).argument('<old>', 'the earlier document').argument('<new>', 'the later document').option('--list <id>', listHelp)
    .action(async (kind: string, oldFile: string, newFile: string, opts: { list?: string }) => run((a, ctx) => a.diff(kind, oldFile, newFile, opts, ctx))());
  program.command('discord-deploy').description('register /secnumcloud on Discord (globally, or in DISCORD_GUILD_ID), print the invite URL').action(run((a, ctx) => a.discordDeploy(ctx)));
  program.command('ensure-redis').description('install redis-server when missing (as npm start and npm test do)').action(run((a, ctx) => a.ensureRedis(ctx)));
  const health = program.command('health').description('exit 0 when a process of this role on this host beat in Redis in the last 20 s (container healthchecks)')
    .addOption(roleOption('the role to check'));
  health.action(run((a, ctx) => a.health(health.opts<{ role: Role }>().role, ctx)));
  return program;
}

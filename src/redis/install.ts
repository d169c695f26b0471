import { execFile, spawn } from 'node:child_process';

/** Redis cannot be found or installed; the message is the one thing the user should do. */
export class RedisSetupError extends Error {
  override readonly name = 'RedisSetupError';
}

/** What a command printed (stdout and stderr interleaved) and how it ended. */
export interface CommandResult {
  code: number;
  output: string;
}

/** Runs one command to completion; `env` adds variables to the inherited environment. */
export type CommandRunner = (command: string, args: string[], env?: Record<string, string>) => Promise<CommandResult>;

/** Resolves a command name to its path, or null when it is not on PATH. */
export type CommandFinder = (command: string) => Promise<string | null>;

/** How {@link ensureRedisServer} may act; `run`, `which` and `isRoot` are there for tests. */
export interface EnsureRedisOptions {
  /** Install with apt-get when missing (needs root). The caller maps AUTO_INSTALL to it. */
  autoInstall: boolean;
  /** Receives the one line announcing an installation. */
  log: (line: string) => void;
  run?: CommandRunner;
  which?: CommandFinder;
  isRoot?: boolean;
}

const INSTALL_CMD = 'apt-get install -y redis-server';
const OR_REDIS_URL = '(or set REDIS_URL to an existing Redis)';
const TAIL_LINES = 15;
/** Waiting for dpkg's lock lets parallel test processes, or an unattended upgrade, finish first. */
const WAIT_LOCK = ['-o', 'DPkg::Lock::Timeout=120'];
const APT_STEPS = [['update', '-qq', ...WAIT_LOCK], ['install', '-y', '-qq', ...WAIT_LOCK, 'redis-server']];

/**
 * Returns the path of redis-server, installing it with apt-get when it is missing, we are root, apt-get
 * exists and `autoInstall` is on. Otherwise throws a {@link RedisSetupError} naming the command to run.
 * It never installs anything but the Debian package, and never starts or configures a server.
 */
export async function ensureRedisServer(opts: EnsureRedisOptions): Promise<string> {
  const which = opts.which ?? findCommand;
  const found = await which('redis-server');
  if (found !== null) return found;

  if ((await which('apt-get')) === null) {
    throw new RedisSetupError(`redis-server is not installed: install Redis with your package manager ${OR_REDIS_URL}`);
  }
  const isRoot = opts.isRoot ?? process.getuid?.() === 0;
  if (!isRoot) {
    throw new RedisSetupError(`redis-server is not installed: run "sudo ${INSTALL_CMD}" ${OR_REDIS_URL}`);
  }
  if (!opts.autoInstall) {
    throw new RedisSetupError(`redis-server is not installed and AUTO_INSTALL=0: run "${INSTALL_CMD}" ${OR_REDIS_URL}`);
  }

  opts.log('redis-server not found: installing it with apt-get (AUTO_INSTALL=0 turns this off)');
  const run = opts.run ?? runCommand;
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of APT_STEPS) {
    const result = await run('apt-get', args, env);
    if (result.code !== 0) {
      const tail = result.output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
      throw new RedisSetupError(`apt-get ${args[0]} failed (exit ${result.code}):\n${tail}`);
    }
  }
  const installed = await which('redis-server');
  if (installed === null) throw new RedisSetupError(`apt-get installed redis-server but it is not on PATH ${OR_REDIS_URL}`);
  return installed;
}

/** `command -v` through sh: PATH resolution exactly as a shell does it, without reading process.env here. */
export const findCommand: CommandFinder = (command) =>
  new Promise((resolve) => {
    execFile('sh', ['-c', 'command -v -- "$1"', 'sh', command], (err, stdout) => {
      const path = stdout.trim();
      resolve(err || !path.startsWith('/') ? null : path);
    });
  });

/** Runs through `env VAR=value …` so the child inherits our environment plus `env`; output is captured. */
export const runCommand: CommandRunner = (command, args, env = {}) =>
  new Promise((resolve) => {
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    const child = spawn('env', [...assignments, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-64_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => resolve({ code: 127, output: `${output}${err.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? 128, output: signal ? `${output}killed by ${signal}\n` : output }));
  });

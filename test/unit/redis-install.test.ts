import { describe, expect, it } from 'vitest';
import { ensureRedisServer, RedisSetupError, type CommandResult } from '../../src/redis/install.js';

interface Call { command: string; args: string[]; env: Record<string, string> | undefined }

/** A fake system: which commands exist (some only after apt-get install), and what apt-get answers. */
function fakeSystem(opts: { present?: string[]; afterInstall?: string[]; apt?: (args: string[]) => CommandResult }) {
  const present = new Set(opts.present ?? []);
  const calls: Call[] = [];
  const lines: string[] = [];
  return {
    calls,
    lines,
    log: (line: string) => lines.push(line),
    which: async (cmd: string) => (present.has(cmd) ? `/usr/bin/${cmd}` : null),
    run: async (command: string, args: string[], env?: Record<string, string>) => {
      calls.push({ command, args, env });
      const result = opts.apt?.(args) ?? { code: 0, output: '' };
      if (result.code === 0 && args[0] === 'install') for (const c of opts.afterInstall ?? []) present.add(c);
      return result;
    },
  };
}

async function setupError(p: Promise<unknown>): Promise<RedisSetupError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(RedisSetupError);
  expect((err as Error).name).toBe('RedisSetupError');
  return err as RedisSetupError;
}

describe('ensureRedisServer', () => {
  it('returns the path on PATH, installing nothing and logging nothing', async () => {
    const sys = fakeSystem({ present: ['redis-server', 'apt-get'] });
    await expect(ensureRedisServer({ autoInstall: true, isRoot: true, ...sys })).resolves.toBe('/usr/bin/redis-server');
    expect(sys.calls).toEqual([]);
    expect(sys.lines).toEqual([]);
  });

  it('installs with apt-get when missing, as root, with autoInstall: one log line, update then install', async () => {
    const sys = fakeSystem({ present: ['apt-get'], afterInstall: ['redis-server'] });
    await expect(ensureRedisServer({ autoInstall: true, isRoot: true, ...sys })).resolves.toBe('/usr/bin/redis-server');
    expect(sys.lines).toHaveLength(1);
    expect(sys.lines[0]).toMatch(/redis-server not found: installing it with apt-get.*AUTO_INSTALL=0/);
    expect(sys.calls.map((c) => [c.command, c.args[0], c.env])).toEqual([
      ['apt-get', 'update', { DEBIAN_FRONTEND: 'noninteractive' }],
      ['apt-get', 'install', { DEBIAN_FRONTEND: 'noninteractive' }],
    ]);
    expect(sys.calls[0]?.args).toContain('-qq');
    expect(sys.calls[1]?.args).toEqual(expect.arrayContaining(['-y', '-qq', 'redis-server']));
    expect(sys.calls[1]?.args.at(-1)).toBe('redis-server');
  });

  it('refuses when autoInstall is off, naming the command and AUTO_INSTALL', async () => {
    const sys = fakeSystem({ present: ['apt-get'] });
    const err = await setupError(ensureRedisServer({ autoInstall: false, isRoot: true, ...sys }));
    expect(err.message).toContain('"apt-get install -y redis-server"');
    expect(err.message).toContain('AUTO_INSTALL=0');
    expect(err.message).toContain('REDIS_URL');
    expect(sys.calls).toEqual([]);
  });

  it('refuses when not root, telling the user to run it with sudo', async () => {
    const sys = fakeSystem({ present: ['apt-get'] });
    const err = await setupError(ensureRedisServer({ autoInstall: true, isRoot: false, ...sys }));
    expect(err.message).toContain('run "sudo apt-get install -y redis-server"');
    expect(sys.calls).toEqual([]);
    expect(sys.lines).toEqual([]);
  });

  it('refuses without apt-get, pointing at REDIS_URL', async () => {
    const sys = fakeSystem({});
    const err = await setupError(ensureRedisServer({ autoInstall: true, isRoot: true, ...sys }));
    expect(err.message).toMatch(/not installed.*REDIS_URL/);
    expect(sys.calls).toEqual([]);
  });

  it('fails with the tail of apt-get output when the install fails, and stops there', async () => {
    const output = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n') + '\nE: Unable to locate package redis-server\n';
    const sys = fakeSystem({ present: ['apt-get'], apt: (args) => ({ code: args[0] === 'install' ? 100 : 0, output }) });
    const err = await setupError(ensureRedisServer({ autoInstall: true, isRoot: true, ...sys }));
    expect(err.message).toContain('apt-get install failed (exit 100)');
    expect(err.message).toContain('E: Unable to locate package redis-server');
    expect(err.message).toContain('line 40');
    expect(err.message).not.toContain('line 1\n');
    expect(sys.lines).toHaveLength(1);
  });

  it('does not try to install when apt-get update fails', async () => {
    const sys = fakeSystem({ present: ['apt-get'], apt: () => ({ code: 1, output: 'E: network unreachable' }) });
    const err = await setupError(ensureRedisServer({ autoInstall: true, isRoot: true, ...sys }));
    expect(err.message).toContain('apt-get update failed (exit 1):\nE: network unreachable');
    expect(sys.calls).toHaveLength(1);
  });
});

describe('the real command helpers', () => {
  it('runCommand adds env, captures stdout and stderr, and reports the exit code', async () => {
    const { runCommand } = await import('../../src/redis/install.js');
    const result = await runCommand('sh', ['-c', 'echo "$FOO"; echo oops >&2; exit 3'], { FOO: 'bar' });
    expect(result).toEqual({ code: 3, output: expect.stringMatching(/bar\n[^]*oops/) });
  });

  it('findCommand resolves a command on PATH and returns null for a missing one', async () => {
    const { findCommand } = await import('../../src/redis/install.js');
    expect(await findCommand('sh')).toMatch(/^\/.*\/sh$/);
    expect(await findCommand('no-such-command-sct')).toBeNull();
  });
});

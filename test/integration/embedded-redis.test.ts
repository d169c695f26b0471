import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join, relative, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/redis/embedded.js';
import { freePort } from '../../src/redis/free-port.js';
import { ensureRedisServer } from '../../src/redis/install.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { until } from '../support/until.js';

let redisServerPath = '';
const cleanups: Array<() => Promise<unknown>> = [];
const lines: string[] = [];

beforeAll(async () => {
  redisServerPath = await ensureRedisServer({ autoInstall: true, log: (l) => process.stderr.write(`${l}\n`) });
});
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
  lines.length = 0;
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sct-embedded-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir: string): Promise<EmbeddedRedis> {
  const r = await startEmbeddedRedis({ dataDir, redisServerPath, log: (l) => lines.push(l) });
  cleanups.push(() => r.stop());
  return r;
}

function client(url: string): Redis {
  const c = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  cleanups.push(async () => c.disconnect());
  return c;
}

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

const pidfile = (dir: string) => join(dir, 'redis.json');
const record = (pid: number, port: number, ownerPid = process.pid) =>
  JSON.stringify({ pid, port, ownerPid, startedAt: new Date().toISOString() });

describe('startEmbeddedRedis', () => {
  it('starts on a free port (not 6379) with AOF and noeviction, keeps its files in dataDir, and a SET survives a restart', async () => {
    const dir = await tempDir();
    const first = await start(dir);
    expect(first).toMatchObject({ owned: true, url: `redis://127.0.0.1:${first.port}` });
    expect(first.port).not.toBe(6379);
    const c1 = client(first.url);
    expect(await c1.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await c1.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    expect(await c1.config('GET', 'dir')).toEqual(['dir', dir]);
    await c1.set('k', 'survives');
    c1.disconnect();
    expect(JSON.parse(await readFile(pidfile(dir), 'utf8'))).toMatchObject({ pid: first.pid, port: first.port, ownerPid: process.pid });
    await first.stop();
    expect(isGone(first.pid)).toBe(true);
    expect(existsSync(pidfile(dir))).toBe(false);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['redis.log', expect.stringMatching(/^appendonly/)]));

    const second = await start(dir);
    expect(second.pid).not.toBe(first.pid);
    expect(await client(second.url).get('k')).toBe('survives');
  });

  it('starts with a relative dataDir (the default ./data), its files in that directory', async () => {
    const dir = await tempDir();
    const r = await start(relative(process.cwd(), join(dir, 'data')));
    const c = client(r.url);
    expect(await c.ping()).toBe('PONG');
    expect(readdirSync(join(dir, 'data'))).toEqual(expect.arrayContaining(['redis.json', 'redis.log']));
    expect(resolve(String(await c.config('GET', 'dir').then((v) => (v as string[])[1])))).toBe(join(dir, 'data'));
  });

  it('reuses a live server on the same dataDir without owning it; stopping the reuser leaves it running', async () => {
    const dir = await tempDir();
    const owner = await start(dir);
    const reuser = await start(dir);
    expect(reuser).toMatchObject({ owned: false, port: owner.port, pid: owner.pid, url: owner.url });
    await reuser.stop();
    expect(await client(owner.url).ping()).toBe('PONG');
    await owner.stop();
    expect(isGone(owner.pid)).toBe(true);
  });

  it('treats a pidfile with a dead pid as stale: one log line, a fresh server', async () => {
    const dir = await tempDir();
    await writeFile(pidfile(dir), record(await deadPid(), await freePort()));
    const r = await start(dir);
    expect(r.owned).toBe(true);
    expect(lines.filter((l) => l.includes('stale'))).toEqual([expect.stringContaining('process is dead')]);
    expect(await client(r.url).ping()).toBe('PONG');
  });

  it('treats a pidfile naming a live process that is not Redis as stale', async () => {
    const dir = await tempDir();
    await writeFile(pidfile(dir), record(process.pid, await freePort()));
    const r = await start(dir);
    expect(r).toMatchObject({ owned: true });
    expect(r.pid).not.toBe(process.pid);
    expect(lines.join('\n')).toContain('port does not answer');
  });

  it('treats a pidfile whose port is served by another Redis process as stale', async () => {
    const other = await start(await tempDir());
    const dir = await tempDir();
    await writeFile(pidfile(dir), record(process.pid, other.port));
    const r = await start(dir);
    expect(r.owned).toBe(true);
    expect(r.port).not.toBe(other.port);
    expect(lines.join('\n')).toContain(`port is served by process ${other.pid}`);
  });

  it('adopts a live server whose owner died, so that someone still stops it', async () => {
    const dir = await tempDir();
    const first = await start(dir);
    await writeFile(pidfile(dir), record(first.pid, first.port, await deadPid()));
    const adopted = await start(dir);
    expect(adopted).toMatchObject({ owned: true, pid: first.pid, port: first.port });
    await adopted.stop();
    expect(isGone(first.pid)).toBe(true);
  });

  it('yields one server for two concurrent starts in one process', async () => {
    const dir = await tempDir();
    const [a, b] = await settleBoth(start(dir), start(dir));
    expect(a.pid).toBe(b.pid);
    expect([a.owned, b.owned].sort()).toEqual([false, true]);
  });

  it('yields one server for two processes starting at the same moment', async () => {
    const dir = await tempDir();
    const children = [childStarter(dir), childStarter(dir)] as const;
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const [a, b] = await settleBoth(children[0].started, children[1].started);
    expect(a.pid).toBe(b.pid);
    expect([a.owned, b.owned].sort()).toEqual([false, true]);
    // The owner goes last, so the reuser never sees its server vanish.
    for (const c of a.owned ? [children[1], children[0]] : children) await c.release();
    expect(isGone(a.pid)).toBe(true);
  });

  it('does not outlive a parent that exits normally without calling stop()', async () => {
    const child = childStarter(await tempDir(), 'exit');
    await child.ready;
    child.go();
    const { pid } = await child.started;
    expect(isGone(pid)).toBe(false);
    await child.release();
    await expect.poll(() => isGone(pid), { timeout: 5_000 }).toBe(true);
  });
});

/** Like Promise.all, but waits for both starts, so none resolves after its test's cleanup has run. */
async function settleBoth<T>(x: Promise<T>, y: Promise<T>): Promise<[T, T]> {
  const [a, b] = await Promise.allSettled([x, y]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

/** Another Node process that loads the launcher, starts on 'go', and holds the server until its stdin ends;
 * then it calls stop(), or with 'exit' just process.exit(0). */
function childStarter(dataDir: string, onEnd: 'stop' | 'exit' = 'stop') {
  const script = `
    import { startEmbeddedRedis } from ${JSON.stringify(new URL('../../src/redis/embedded.ts', import.meta.url).href)};
    let r, ended = false;
    process.stdin.on('end', () => { ended = true; ${onEnd === 'exit' ? 'process.exit(0)' : 'void r?.stop()'}; });
    process.stdin.once('data', async () => {
      r = await startEmbeddedRedis({ dataDir: ${JSON.stringify(dataDir)}, redisServerPath: ${JSON.stringify(redisServerPath)}, log: () => {} });
      console.log(JSON.stringify({ pid: r.pid, owned: r.owned }));
      if (ended) await r.stop();
    });
    console.log('ready');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Even when a test fails, end stdin first: a SIGKILLed child would orphan its redis-server.
  cleanups.push(async () => {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  });
  const stdout = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const line = await stdout.next();
    if (line.done === true) throw new Error('the child exited before printing');
    return line.value;
  };
  const ready = nextLine();
  const started = ready.then(nextLine).then((line) => JSON.parse(line) as { pid: number; owned: boolean });
  return {
    ready,
    started,
    go: () => child.stdin.write('go\n'),
    release: async () => { child.stdin.end(); await exited; },
  };
}

describe('startTestRedis', () => {
  let t: TestRedis | undefined;
  afterEach(async () => t?.stop());

  it('serves on a Unix socket; restart() comes back on the same socket; stop() leaves no process and no directory', async () => {
    t = await startTestRedis();
    expect(t.port).toBeUndefined();
    const c = createTestConnection(t);
    cleanups.push(async () => c.disconnect());
    expect(await client(t.url).ping()).toBe('PONG');
    const firstPid = t.pid;
    const socket = t.socket;
    await t.restart();
    expect(t.socket).toBe(socket);
    expect(t.pid).not.toBe(firstPid);
    expect(isGone(firstPid)).toBe(true);
    expect(await c.ping()).toBe('PONG'); // ioredis reconnects to the same path
    const pid = t.pid;
    await t.stop();
    await t.stop();
    expect(isGone(pid)).toBe(true);
    expect(existsSync(t.dir)).toBe(false);
  });

  it('with appendonly, keeps a write through a SIGKILL and restart()', async () => {
    t = await startTestRedis({ appendonly: true });
    const c = createTestConnection(t);
    cleanups.push(async () => c.disconnect());
    await c.set('durable', 'yes');
    const killed = t.pid;
    t.kill();
    await t.restart();
    expect(isGone(killed)).toBe(true);
    expect(await c.get('durable')).toBe('yes');
  });
});

describe('the embedded server is supervised by its owner', () => {
  it('a SIGKILLed server comes back on the same port and data, with redis.json rewritten; isUp says when it is down', async () => {
    const dir = await tempDir();
    const r = await startEmbeddedRedis({ dataDir: dir, redisServerPath, log: (l) => lines.push(l), restartDelaysMs: [200, 200] });
    cleanups.push(() => r.stop());
    const c = new Redis(r.url, { maxRetriesPerRequest: null });
    c.on('error', () => {});
    cleanups.push(async () => c.disconnect());
    await c.set('kept', 'yes');
    await new Promise((res) => setTimeout(res, 1_200)); // appendfsync everysec
    const first = r.pid;
    process.kill(first, 'SIGKILL');
    await until('down', () => !r.isUp(), 5_000);
    await until('restarted', () => r.isUp(), 15_000, () => lines.join('\n'));
    expect(r.pid).not.toBe(first);
    expect(JSON.parse(await readFile(pidfile(dir), 'utf8'))).toMatchObject({ pid: r.pid, port: r.port, ownerPid: process.pid });
    expect(await c.get('kept')).toBe('yes');
    expect(lines.join('\n')).toContain('embedded redis exited unexpectedly; restarting it on the same port');
    const pid = r.pid;
    await r.stop();
    expect(isGone(pid)).toBe(true);
    expect(existsSync(pidfile(dir))).toBe(false);
  });

  it('one that cannot be restarted is given up on after every delay, and the owner told once', async () => {
    const dir = await tempDir();
    // The binary goes missing once the server runs: every restart fails.
    const bin = join(dir, 'redis-server-copy');
    await writeFile(bin, `#!/bin/sh\nexec '${redisServerPath}' "$@"\n`, { mode: 0o755 });
    const r = await startEmbeddedRedis({ dataDir: join(dir, 'data'), redisServerPath: bin, log: (l) => lines.push(l), restartDelaysMs: [50, 50, 50] });
    cleanups.push(() => r.stop());
    const told: Error[] = [];
    r.onFatal((e) => told.push(e));
    await rm(bin);
    process.kill(r.pid, 'SIGKILL');
    await until('given up on', () => told.length > 0, 15_000, () => lines.join('\n'));
    expect(told).toHaveLength(1);
    expect(told[0]!.message).toMatch(/^3 restarts on port \d+ failed/);
    expect(r.isUp()).toBe(false);
    expect(lines.filter((l) => l.startsWith('embedded redis did not restart'))).toHaveLength(3);
    const late: Error[] = [];
    r.onFatal((e) => late.push(e)); // a listener added afterwards hears it at once
    expect(late).toHaveLength(1);
  });
});

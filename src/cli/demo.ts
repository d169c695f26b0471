import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { Config } from '../config.js';
import { createConsoleSink } from '../platforms/console/sink.js';
import { createRedis } from '../queues/connection.js';
import { startEmbeddedRedis, type EmbeddedRedis } from '../redis/embedded.js';
import { ensureRedisServer } from '../redis/install.js';
import type { SourceConfig } from '../sources/schema.js';
import { loadSources } from '../sources/sources-file.js';
import { createChangeLog } from '../store/change-log.js';
import { startConsoleSink } from '../../workers/console.worker.js';
import { pollSource, type PollResult } from '../../workers/poll-source.js';
import { openRuntime, type Runtime } from '../../workers/runtime.js';
import type { CliContext } from './context.js';
import { InputError } from './errors.js';
import { describeCommit, describeEvents, withProgress } from './poll-progress.js';
import { readBytes } from './read-input.js';

/** The two documents the demo's local server hands out, one after the other. */
export interface DemoEditions {
  /** Served first: the baseline. */
  first: Uint8Array;
  firstLabel: string;
  /** Served next: what it changes becomes the alerts. */
  next: Uint8Array;
  nextLabel: string;
}

/** The demo's keys; its Redis serves `<DATA_DIR>/demo` alone, so the user's tracker data is never touched. */
export const DEMO_PREFIX = 'demo';
const SOURCE_ID = 'anssi-catalogue';
/** How long the console sink may take to print the alerts once they are stored. */
const ALERT_WAIT_MS = 15_000;
/** Ctrl-C or a kill stops the demo's server and redis-server too, rather than leave them running. */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** A local HTTP server on a free loopback port, serving `current()` at /catalogue.pdf and 404 elsewhere. */
async function serveCatalogue(current: () => Uint8Array): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/catalogue.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(current());
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/catalogue.pdf`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Deletes the keys a previous (interrupted) demo left under the demo prefix, so the first poll is a baseline. */
async function clearDemoKeys(rt: Runtime): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await rt.redis.scan(cursor, 'MATCH', `${DEMO_PREFIX}:*`, 'COUNT', 500);
    if (keys.length > 0) await rt.redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/**
 * The sources file of the demo: the local catalogue only, written next to its data and read by the real loader. It
 * follows SecNumCloud alone: the demo's next edition is drawn with that list (and infogérance's) only.
 */
async function writeSources(dir: string, url: string): Promise<{ path: string; sources: SourceConfig[] }> {
  const path = join(dir, 'sources.json');
  const file = { $comment: 'Written by the demo: the catalogue served by its local server.', sources: [{ id: SOURCE_ID, kind: SOURCE_ID, url, interval: '1h', settings: { lists: ['secnumcloud'] } }] };
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
  return { path, sources: await loadSources(path) };
}

/** A path as the user would type it from here: relative when it is below the working directory. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function until(ok: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  return new Promise((resolve) => {
    const tick = (): void => {
      if (ok() || Date.now() > end) resolve(ok());
      else setTimeout(tick, 50);
    };
    tick();
  });
}

/**
 * The first minute of a newcomer, offline: a local server serves `first`; the tracker's real runtime, on
 * its own embedded Redis under `<DATA_DIR>/demo`, polls it (a silent baseline); the server switches to
 * `next`; a poll runs at once and the console sink prints its alerts. Then everything stops, the
 * redis-server by its pid, and the user is told what to do next. Progress on standard error, alerts on
 * standard output. Returns 1, after saying why, when the second poll stored no change or the alerts did
 * not come; throws what the real runtime throws (no redis-server, a document that is not a catalogue).
 */
export async function runDemo(ctx: CliContext, editions: DemoEditions): Promise<number> {
  const say = (line: string): void => ctx.err(`demo: ${line}`);
  // Absolute: redis-server changes to --dir before it opens --logfile, so a relative path would not resolve.
  const dataDir = resolve(ctx.config.DATA_DIR, 'demo');
  // Its own Redis and keys; no proxy, since the server it polls is on the loopback.
  const config: Config = { ...ctx.config, REDIS_URL: undefined, DATA_DIR: dataDir, REDIS_PREFIX: DEMO_PREFIX, HTTP_PROXY: undefined, HTTPS_PROXY: undefined };
  let served = editions.first;
  const cleanups: Array<() => Promise<void>> = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      for (const step of cleanups.reverse()) await step().catch((err: Error) => say(`while stopping: ${err.message}`));
    })());
  const onSignal = (): void => {
    say('interrupted: stopping the local server and redis-server');
    void cleanup().then(() => process.exit(130));
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
  try {
    const server = await serveCatalogue(() => served);
    cleanups.push(server.close);
    say(`1/6 a local server serves ${editions.firstLabel} at ${server.url}`);

    await mkdir(dataDir, { recursive: true });
    const redisServer = await ensureRedisServer({ autoInstall: config.AUTO_INSTALL, log: say });
    const embedded: EmbeddedRedis = await startEmbeddedRedis({ dataDir, redisServerPath: redisServer, log: ctx.logger });
    cleanups.push(async () => {
      await embedded.stop();
      if (embedded.owned) say(`redis-server pid ${embedded.pid} stopped`);
    });
    if (!embedded.owned) throw new Error(`another demo is running on ${dataDir} (redis-server pid ${embedded.pid}); wait for it to end`);
    const { path, sources } = await writeSources(dataDir, server.url);
    const rt = await openRuntime(config, ctx.logger, () => sources, { url: embedded.url });
    cleanups.push(() => rt.close());
    await clearDemoKeys(rt);
    say(`2/6 the tracker runs on its own redis-server (pid ${embedded.pid}, port ${embedded.port}, data in ${shown(dataDir)}, key prefix "${DEMO_PREFIX}"), sources file ${shown(path)}`);

    const alerts: string[] = [];
    const sinkRedis = createRedis(rt.target);
    const sink = startConsoleSink({
      log: createChangeLog(sinkRedis, rt.keys),
      sink: createConsoleSink((line) => {
        alerts.push(line);
        ctx.out(line);
      }),
      logger: ctx.logger,
      consumer: 'console',
      blockMs: 200,
    });
    cleanups.push(async () => {
      await sink.stop();
      sinkRedis.disconnect();
    });

    const source = sources[0]!;
    const poll = async (): Promise<PollResult> => {
      const r = await pollSource(withProgress(rt, source, say), source, { commit: true });
      const found = describeEvents(source.id, r);
      if (found) say(found);
      say(describeCommit(source.id, r, true));
      return r;
    };
    say('3/6 first poll: a source seen for the first time is stored as a baseline and alerts nobody');
    const first = await poll();
    if (first.outcome !== 'baseline') throw new Error(`the first poll should store the baseline, not "${first.outcome}"`);

    served = editions.next;
    say(`4/6 the server now serves ${editions.nextLabel}`);
    say('5/6 poll now (the tracker itself polls each source on its interval, spread over time)');
    const second = await poll();
    const stored = second.outcome === 'changed' ? second.events.length : 0;
    if (stored === 0) {
      say(`no alert to show: the second poll stored no change (outcome "${second.outcome}"); stopping`);
      return 1;
    }
    if (!(await until(() => alerts.length >= stored, ALERT_WAIT_MS))) {
      say(`the console sink printed ${alerts.length} of ${stored} alert(s) within ${ALERT_WAIT_MS / 1000} s; stopping`);
      return 1;
    }
    say(`6/6 the console sink printed ${alerts.length} alert(s) above (standard output), as \`npm start\` does without a chat token; stopping`);
    await cleanup();
    ctx.err(nextSteps(shown(dataDir)));
    return 0;
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    await cleanup();
  }
}

/**
 * `demo --first <pdf> --next <pdf>`: the demo on two catalogue editions of the user's choosing. `npm run
 * demo` passes its own (the real December 2025 edition, then one drawn from it with one more qualification,
 * by dev-only code in scripts/demo.ts), which is why the compiled command asks for both files.
 */
export async function demoCommand(values: { first?: string | undefined; next?: string | undefined }, ctx: CliContext): Promise<number> {
  if (!values.first || !values.next) {
    throw new InputError('demo needs --first <catalogue.pdf> --next <catalogue.pdf>; for the ready-made demo, run `npm run demo` in a clone of the repository');
  }
  const [first, next] = await Promise.all([readBytes(values.first), readBytes(values.next)]);
  return runDemo(ctx, { first, firstLabel: basename(values.first), next, nextLabel: basename(values.next) });
}

const nextSteps = (dataDir: string): string => `
The demo is over; it kept its data in ${dataDir} and never touched your tracker's.
Next:
  npm start                         the tracker on the real sources (feeds/sources.json); alerts on this console
  SLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… npm start
                                    post alerts to Slack instead (README, "A first channel"), then /secnumcloud subscribe
  DISCORD_TOKEN=… DISCORD_APPLICATION_ID=… npm run discord:deploy && DISCORD_TOKEN=… npm start
                                    the same on Discord (README, "A first channel")
  npm run -s cli -- check           one poll of every source now, changes as JSON lines, nothing stored`;

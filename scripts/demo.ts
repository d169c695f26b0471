/**
 * `npm run demo`: the tracker's first minute, offline. The real December 2025 catalogue is served on the
 * loopback, polled (a silent baseline), replaced by a next edition drawn from it with exactly one more
 * qualification, polled again, and the console sink prints the alert (src/cli/demo.ts does the work, with
 * the tracker's real runtime, poll and sink). Run with tsx because the next edition is drawn by the test
 * suite's pdf-lib generator, a devDependency. Exit codes as the CLI's: 0 done, 1 a failure.
 */
import { readFile } from 'node:fs/promises';
import { runDemo } from '../src/cli/demo.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { RedisSetupError } from '../src/redis/install.js';
import { nextDemoEdition } from './demo-edition.js';

const REAL_CATALOGUE = new URL('../test/fixtures/anssi-catalogue/catalogue-anssi_2025-12-05.pdf', import.meta.url);

const out = (s: string): void => void process.stdout.write(s + '\n');
const err = (s: string): void => void process.stderr.write(s + '\n');

async function main(): Promise<number> {
  // The library's own logs only when something goes wrong, unless LOG_LEVEL asks for more: the demo narrates.
  const env = { ...process.env };
  env.LOG_LEVEL ||= 'warn';
  env.LOG_FORMAT ||= 'pretty';
  const config = loadConfig(env);
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT === 'json' ? 'json' : 'pretty' });
  const [first, next] = await Promise.all([readFile(REAL_CATALOGUE), nextDemoEdition()]);
  const added = `${next.added.provider} — ${next.added.service}`;
  return runDemo(
    { config, logger, out, err },
    {
      first: new Uint8Array(first),
      firstLabel: 'the real ANSSI catalogue of 5 December 2025 (16 SecNumCloud offers)',
      next: next.bytes,
      nextLabel: `a next edition (${next.edition}) drawn from it with one more, fictional, qualification: ${added}`,
    },
  );
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const known = e instanceof ConfigError || e instanceof RedisSetupError;
    err(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
    if (!known && process.env.DEBUG && e instanceof Error) err(e.stack ?? '');
    process.exitCode = 1;
  },
);

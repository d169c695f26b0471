import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { runCli, type CliResult } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-usage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Exit 2, one line on standard error naming what was wrong and where --help is, nothing on standard output. */
function expectUsageError(r: CliResult, mention: string | RegExp, helpOf: string): void {
  expect(r.timedOut, 'the command ended by itself').toBeUndefined();
  expect([r.code, r.stdout]).toEqual([2, '']);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(mention);
  expect(lines[0]).toContain(`secnumcloud-tracker ${helpOf} --help`.replace('  ', ' '));
  expect(lines[0]).not.toMatch(/internal error/);
}

// Nothing here reaches Redis: each command fails before it would connect. The timeout catches one that does not.
const cli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> => runCli(args, { DATA_DIR: join(dir, 'data'), REDIS_URL: 'redis://127.0.0.1:1', ...env }, undefined, { timeoutMs: 15_000 });

describe('usage errors: exit 2 and one line, never "internal error"', () => {
  it.each([
    [['check', '--source'], /--source/, 'check'],
    [['check', '--frobnicate'], /unknown option '--frobnicate'/, 'check'],
    [['start', '--role'], /--role/, 'start'],
    [['start', 'extra'], /too many arguments/, 'start'],
    [['start', '--role', 'workers'], /unknown role "workers" \(roles: all, scheduler, worker, web, bot\)/, 'start'],
    [['frobnicate'], /unknown command 'frobnicate'/, ''],
    [[], /a command is missing/, ''],
    [['deliveries', 'lost'], /unknown command 'lost'/, 'deliveries'],
    [['subscriptions', 'import'], /missing required argument 'path'/, 'subscriptions import'],
    [['parse', 'anssi-catalogue'], /missing required argument 'file'/, 'parse'],
  ])('%j', async (args, mention, helpOf) => {
    expectUsageError(await cli(args), mention, helpOf);
  });
});

describe('help and version need no configuration', () => {
  it('help, --help per command and --version answer on standard output, exit 0, whatever the environment holds', async () => {
    const broken = { LOG_LEVEL: 'loud', HTTP_PORT: 'x' };
    const help = await cli(['help'], broken);
    expect([help.code, help.stderr]).toEqual([0, '']);
    for (const command of ['start', 'check', 'parse', 'diff', 'accept', 'deliveries', 'subscriptions', 'demo', 'discord-deploy']) expect(help.stdout).toContain(`  ${command}`);
    const check = await cli(['check', '--help'], broken);
    expect([check.code, check.stderr]).toEqual([0, '']);
    expect(check.stdout).toMatch(/^Usage: secnumcloud-tracker check \[options\]/);
    expect(check.stdout).toContain('--source <id>');
    expect(check.stdout).toContain('--commit');
    const start = await cli(['help', 'start'], broken);
    expect(start.stdout).toMatch(/--role <role>.*all, scheduler, worker, web, bot/s);
    const version = await cli(['--version'], broken);
    expect([version.code, version.stdout.trim()]).toEqual([0, VERSION]);
  });
});

describe('configuration errors: exit 1, "configuration error", the variable named', () => {
  it('an invalid variable, for a command that reads the configuration', async () => {
    const r = await cli(['check'], { LOG_LEVEL: 'loud' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^configuration error: LOG_LEVEL: /);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('discord-deploy without its tokens names them', async () => {
    const r = await cli(['discord-deploy'], { DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' });
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr.trim()).toMatch(/^configuration error: discord-deploy needs DISCORD_TOKEN and DISCORD_APPLICATION_ID/);
  });

  it('start --role bot without any chat token exits at once naming the variables, rather than idling', async () => {
    const none = { DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '' };
    const r = await cli(['start', '--role', 'bot'], none);
    expect(r.timedOut).toBeUndefined();
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^configuration error: the bot role needs DISCORD_TOKEN, or SLACK_BOT_TOKEN with SLACK_APP_TOKEN/);
    const httpSlack = await cli(['start', '--role', 'bot'], { ...none, SLACK_BOT_TOKEN: 'xoxb-12345678', SLACK_SIGNING_SECRET: 'secret-12345678' });
    expect(httpSlack.code).toBe(1);
    expect(httpSlack.stderr).toMatch(/SLACK_APP_TOKEN is unset, and Slack over HTTP runs in the web role/);
  });
});

describe('./.env', () => {
  it('is read when present, and the environment wins over it', async () => {
    const home = mkdtempSync(join(dir, 'dotenv-'));
    writeFileSync(join(home, 'sources.json'), JSON.stringify({ sources: [{ id: 'from-dotenv', kind: 'rss', url: 'https://example.org/feed', interval: '1h' }] }));
    writeFileSync(join(home, '.env'), `# as .env.example is copied\nSOURCES_FILE=${join(home, 'sources.json')}\nLOG_LEVEL=loud\n`);
    // LOG_LEVEL from the environment wins over the file's invalid one; SOURCES_FILE comes from the file.
    const r = await runCli(['check', '--source', 'nope'], { DATA_DIR: join(home, 'data'), REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'warn', SOURCES_FILE: undefined }, undefined, { cwd: home, timeoutMs: 15_000 });
    expect([r.code, r.stderr.trim()]).toEqual([2, 'error: unknown source "nope" (sources: from-dotenv)']);
    // Without the environment's value, the file's own is read: and it is invalid.
    const bad = await runCli(['check'], { LOG_LEVEL: undefined, SOURCES_FILE: undefined }, undefined, { cwd: home, timeoutMs: 15_000 });
    expect([bad.code, bad.stderr.trim()]).toEqual([1, expect.stringMatching(/^configuration error: LOG_LEVEL/)]);
  });
});

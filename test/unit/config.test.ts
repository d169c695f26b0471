import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config.js';

const envExample = readFileSync('.env.example', 'utf8');
const reference = readFileSync('docs/configuration.md', 'utf8');

describe('configuration', () => {
  it('documents every variable it reads, in .env.example and in the table of docs/configuration.md', () => {
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(20);
    for (const name of CONFIG_VARIABLES) {
      expect(envExample, `${name} in .env.example`).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(reference, `${name} in docs/configuration.md`).toMatch(new RegExp(`\\| [^|\\n]*\`${name}\``));
    }
  });

  it('has defaults that run the tracker with nothing set', () => {
    const c = loadConfig({});
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.DATA_DIR).toBe('./data');
    expect(c.TZ_REFERENCE).toBe('Europe/Paris');
    expect(c.REMINDER_WINDOWS).toEqual([90, 30, 7]);
    expect(c.AUTO_INSTALL).toBe(true);
    // The operations endpoints: with the site unless OPS_PORT is set, and then on the loopback unless OPS_HOST says otherwise.
    expect([c.OPS_PORT, c.OPS_HOST]).toEqual([undefined, '127.0.0.1']);
  });

  it('lists every problem at once, naming each variable', () => {
    const bad = () => loadConfig({ LOG_LEVEL: 'loud', HTTP_PORT: '99999', TZ_REFERENCE: 'Europe/Pariss', REMINDER_WINDOWS: '90,x' });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (e) {
      for (const name of ['LOG_LEVEL', 'HTTP_PORT', 'TZ_REFERENCE', 'REMINDER_WINDOWS']) expect((e as Error).message).toContain(name);
    }
  });

  it('refuses variables that only make sense together', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-12345678' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ OPS_DISCORD_CHANNEL: '123456789012345678' })).toThrow(/needs DISCORD_TOKEN/);
    expect(() => loadConfig({ SHARD_ID: '2', SHARD_COUNT: '2' })).toThrow(/SHARD_ID/);
    expect(() => loadConfig({ OPS_PORT: '3000' })).toThrow(/OPS_PORT: must differ from HTTP_PORT/);
    expect(loadConfig({ OPS_PORT: '0', HTTP_PORT: '0' }).OPS_PORT).toBe(0);
    expect(loadConfig({ https_proxy: 'http://proxy.example:3128' }).HTTPS_PROXY).toBe('http://proxy.example:3128');
  });
});

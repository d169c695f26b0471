import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const docs = readdirSync('docs').filter((f) => f.endsWith('.md'));

describe('the README is the front door; reference lives in docs/', () => {
  it('is short, and gives the two commands, the demo, a first channel, how it works with its diagram', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(220);
    expect(readme).toMatch(/```sh\nnpm ci && npm start .*\nnpm ci && npm test /);
    for (const heading of ['## Two commands', '## Try it in a minute: the demo', '## A first channel', '## How it works', '## Read more']) expect(readme).toContain(heading);
    expect(readme).toMatch(/## How it works\n\n```\nfeeds\/sources\.json ─►/);
  });

  it('links every page of docs/, and each link leads to a file', () => {
    expect(docs.sort()).toEqual(['api.md', 'chat.md', 'configuration.md', 'delivery.md', 'development.md', 'operations.md', 'sources-and-trust.md', 'sources.md']);
    for (const page of docs) expect(readme, page).toContain(`(docs/${page})`);
    for (const [, target] of readme.matchAll(/\]\(((?:docs|openapi)\/[^)#]*)/g)) expect(existsSync(target!), target).toBe(true);
  });

  it('CI runs the README\'s test command', () => {
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm ci && npm test$/m);
  });

  it('docs/operations.md says what happens in each fault', () => {
    const ops = readFileSync('docs/operations.md', 'utf8');
    const faults = ops.slice(ops.indexOf('## When something fails'));
    for (const fault of ['embedded redis-server dies', 'cannot be restarted', 'external Redis', 'maxmemory', 'port', 'signal during start-up', 'bot` without a chat token', 'worker process is killed', 'source fails']) expect(faults, fault).toContain(fault);
  });
});

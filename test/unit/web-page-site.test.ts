import { afterEach, describe, expect, it } from 'vitest';
import type { TrackerState } from '../../src/commands/ports.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { mountStatusPage, PAGE_CSP } from '../../src/web/site.js';
import { fakeCommandDeps, NOW, TIME_ZONE } from '../support/fake-command-deps.js';

const logger = createLogger({ level: 'silent', format: 'json' });
let server: HttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(state: TrackerState): Promise<string> {
  server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger,
    mount: (app) => mountStatusPage(app, { state, clock: () => NOW, timeZone: TIME_ZONE, defaultLang: 'fr', logger }),
  });
  return server.url;
}

describe('the status page handler', () => {
  it('answers / with the page, its language and a Content-Security-Policy that allows no script', async () => {
    const url = await serve(fakeCommandDeps().state);
    const fr = await fetch(`${url}/`);
    expect(fr.status).toBe(200);
    expect(fr.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(fr.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(PAGE_CSP).not.toContain('script-src');
    expect(fr.headers.get('x-content-type-options')).toBe('nosniff');
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(await fr.text()).toMatch(/^<!doctype html>\n<html lang="fr">/);

    const en = await fetch(`${url}/?lang=en&type=IaaS&q=ovh`);
    expect(en.headers.get('content-language')).toBe('en');
    const body = await en.text();
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('2 of 16 offers match the criteria.');
  });

  it('answers 503 without any detail when the store cannot be read', async () => {
    const broken: TrackerState = { ...fakeCommandDeps().state, sources: () => Promise.reject(new Error('ECONNREFUSED redis://secret-host:6379')) };
    const url = await serve(broken);
    const res = await fetch(`${url}/?lang=en`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
    const body = await res.text();
    expect(body).toContain('Page unavailable for a moment');
    expect(body).not.toMatch(/secret-host|ECONNREFUSED|at /);
  });
});

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

  it('answers an unknown path with a 404 page in French or English, never express\'s English default', async () => {
    const url = await serve(fakeCommandDeps().state);
    const fr = await fetch(`${url}/catalogue/ancien`);
    expect(fr.status).toBe(404);
    expect(fr.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(fr.headers.get('content-security-policy')).toBe(PAGE_CSP);
    const frBody = await fr.text();
    expect(frBody).toContain('<html lang="fr">');
    expect(frBody).toContain('<h1>Page introuvable</h1>');
    expect(frBody).toContain('<a href="../?lang=fr">');
    expect(frBody).not.toContain('Cannot GET');

    const en = await fetch(`${url}/nowhere?lang=en`);
    expect(en.status).toBe(404);
    expect(await en.text()).toContain('<h1>Page not found</h1>');
    // Without ?lang=, the browser's language decides; French otherwise (DEFAULT_LANG).
    const browser = await fetch(`${url}/nowhere`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(browser.headers.get('content-language')).toBe('en');
    expect((await fetch(`${url}/x`, { method: 'POST' })).status).toBe(404);
  });
});

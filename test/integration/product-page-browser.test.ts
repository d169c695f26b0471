/**
 * The status page's product lists in a real browser (Debian's chromium through playwright-core), with axe-core at
 * 1280 and 375 px: served in process over the real December 2025 product lists read by the real adapter
 * (test/support/product-lists.ts). The search is a GET form that works with JavaScript off; the CSP holds (the
 * stylesheet applies, nothing else is loaded). Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { mountStatusPage } from '../../src/web/site.js';
import { NOW, TIME_ZONE } from '../support/fake-command-deps.js';
import { realProductLists, stateWithProducts, type ProductLists } from '../support/product-lists.js';
import { ROOT } from '../support/run-cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
let browser: Browser;
let server: HttpServer;
let products: ProductLists;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is missing at ${CHROMIUM}: install it with "apt-get install -y chromium"`);
  products = await realProductLists();
  const logger = createLogger({ level: 'silent', format: 'json' });
  const state = stateWithProducts(products);
  const changeLog = { range: async () => [] };
  server = await startHttpServer({ port: 0, host: '127.0.0.1', logger, mount: (app) => mountStatusPage(app, { state, changeLog, clock: () => NOW, timeZone: TIME_ZONE, defaultLang: 'fr', logger }) });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string, width: number, js: boolean): Promise<{ page: Page; close: () => Promise<void>; requests: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: js, bypassCSP: js, viewport: { width, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const res = await page.goto(server.url + path);
  expect(res?.status()).toBe(200);
  return { page, close: () => context.close(), requests };
}

async function axeViolations(page: Page, label: string): Promise<Array<{ id: string; impact: string }>> {
  await page.addScriptTag({ content: readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8') });
  const violations = await page.evaluate<Array<{ id: string; impact: string; help: string; nodes: string[] }>>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`,
  );
  for (const v of violations) console.log(`axe (${label}): ${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const sideways = (page: Page) => page.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');

describe('the product lists in chromium', () => {
  it('searches the CC certificates with the form, JavaScript off, and says how many of 381 match', async () => {
    const { page, close, requests } = await open('/?list=cc', 1280, false);
    try {
      expect(await page.locator('table.offers tbody th[scope=row]').count()).toBe(100);
      await page.fill('input#q', 'stormshield');
      await Promise.all([page.waitForURL(/q=stormshield/), page.click('form[role=search] button[type=submit]')]);
      const expected = products.cc.filter((o) => `${o.provider} ${o.service}`.toLowerCase().includes('stormshield'));
      expect(expected.length).toBeGreaterThan(0);
      expect(await page.locator('table.offers tbody th[scope=row]').count()).toBe(expected.length);
      expect(await page.locator('p.matched').textContent()).toBe(`${expected.length} produit${expected.length > 1 ? 's' : ''} sur 381 correspond${expected.length > 1 ? 'ent' : ''} aux critères.`);
      expect(new URL(page.url()).searchParams.get('list')).toBe('cc');
      // The hashed stylesheet applied (the CSP let it through), and nothing was loaded from elsewhere.
      expect(await page.evaluate<string>("getComputedStyle(document.querySelector('thead th')).backgroundColor")).toBe('rgb(13, 43, 82)');
      expect(requests.filter((u) => !u.startsWith(`${server.url}/`))).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, 'status-page-cc-1280.png'), fullPage: true });
    } finally {
      await close();
    }
  });

  it('never scrolls sideways at 375 px on the product lists', async () => {
    const { page, close } = await open('/', 375, false);
    try {
      for (const path of ['/?list=cc', '/?list=cc&page=4', '/?lang=en&list=cspn&q=stormshield', '/?list=qualified-products', '/?list=protection-profiles', '/?list=sites']) {
        await page.goto(server.url + path);
        const { scroll, client } = await sideways(page);
        expect(scroll, `${path}: scrollWidth ${scroll} > clientWidth ${client}`).toBeLessThanOrEqual(client);
      }
      await page.goto(`${server.url}/?list=qualified-products`);
      await page.screenshot({ path: join(ARTIFACTS, 'status-page-qualified-products-375.png'), fullPage: true });
    } finally {
      await close();
    }
  });

  it("shows a developer's certificates on its page, within a 375 px screen and without axe violations", async () => {
    const counts = new Map<string, number>();
    for (const o of products.cc) counts.set(o.provider, (counts.get(o.provider) ?? 0) + 1);
    const [developer] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const { providerSlug } = await import('../../src/core/provider-slug.js');
    const { page, close } = await open(`/providers/${providerSlug(developer)}?lang=en`, 375, true);
    try {
      const hrefs = await page.locator('table a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const o of products.cc.filter((x) => x.provider === developer)) expect(hrefs).toContain(o.certificateUrl);
      const { scroll, client } = await sideways(page);
      expect(scroll).toBeLessThanOrEqual(client);
      expect(await axeViolations(page, `en, ${developer}, 375 px`)).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  it('has no serious or critical accessibility violation (axe-core), a CC page at 1280 px and qualified products in English at 375 px', async () => {
    const desktop = await open('/?list=cc', 1280, true);
    const phone = await open('/?lang=en&list=qualified-products', 375, true);
    try {
      expect(await axeViolations(desktop.page, 'fr, CC, 1280 px')).toEqual([]);
      expect(await axeViolations(phone.page, 'en, qualified products, 375 px')).toEqual([]);
    } finally {
      await Promise.all([desktop.close(), phone.close()]);
    }
  }, 90_000);
});

/**
 * A provider's page and its chart in a real browser (Debian's chromium through playwright-core), at 1280 and 375 px,
 * with axe-core: served in process over the provider history built from real and derived editions, the real en cours
 * page and news (test/support/provider-history.ts). Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../src/http/server.js';
import { serveProviderSite } from '../support/provider-site.js';
import { ROOT } from '../support/run-cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
let browser: Browser;
let server: HttpServer;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is missing at ${CHROMIUM}: install it with "apt-get install -y chromium"`);
  server = await serveProviderSite();
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

/** The chart as drawn: its box, and the smallest rendered height of its texts (what a reader has to read). */
const CHART_SCRIPT = `(() => {
  const svg = document.querySelector('svg.chart');
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map((t) => t.getBoundingClientRect().height);
  return { width: box.width, height: box.height, smallestText: Math.min(...texts), bars: svg.querySelectorAll('rect').length,
    today: svg.querySelectorAll('line.today').length, fill: getComputedStyle(svg.querySelector('rect')).fill };
})()`;

describe("NumSpot's page in chromium", () => {
  for (const width of [1280, 375]) {
    it(`draws the validity chart readable and never scrolls sideways at ${width} px, loading nothing else`, async () => {
      const { page, close, requests } = await open('/providers/numspot', width, false);
      try {
        expect(await page.locator('script').count()).toBe(0);
        const chart = await page.evaluate<{ width: number; height: number; smallestText: number; bars: number; today: number; fill: string }>(CHART_SCRIPT);
        expect(chart.bars).toBe(1);
        expect(chart.today).toBe(1);
        // The stylesheet (allowed by its hash) colours the bar: the CSP let it through.
        expect(chart.fill).toBe('rgb(10, 78, 163)');
        expect(chart.width).toBeGreaterThan(300);
        expect(chart.width).toBeLessThanOrEqual(width);
        expect(chart.smallestText).toBeGreaterThanOrEqual(9);
        const { scroll, client } = await page.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
        expect(scroll).toBeLessThanOrEqual(client);
        expect(await page.locator('ol.timeline > li').count()).toBe(6);
        await page.screenshot({ path: join(ARTIFACTS, `provider-page-${width}.png`), fullPage: true });
        expect(requests.filter((u) => !u.startsWith(`${server.url}/`))).toEqual([]);
      } finally {
        await close();
      }
    }, 60_000);
  }

  it('has no serious or critical accessibility violation (axe-core), French at 1280 px and English at 375 px', async () => {
    const desktop = await open('/providers/numspot', 1280, true);
    const phone = await open('/providers/3ds-outscale?lang=en', 375, true);
    try {
      expect(await axeViolations(desktop.page, 'fr, 1280 px')).toEqual([]);
      expect(await axeViolations(phone.page, 'en, 375 px')).toEqual([]);
    } finally {
      await Promise.all([desktop.close(), phone.close()]);
    }
  }, 60_000);

  for (const width of [1280, 375]) {
    it(`draws the status page's two charts within the screen at ${width} px, with no axe violation`, async () => {
      const { page, close } = await open('/?lang=en', width, true);
      try {
        const charts = await page.evaluate<Array<{ width: number; smallestText: number }>>(`[...document.querySelectorAll('svg.chart')].map((svg) => ({
          width: svg.getBoundingClientRect().width, smallestText: Math.min(...[...svg.querySelectorAll('text')].map((t) => t.getBoundingClientRect().height)) }))`);
        expect(charts).toHaveLength(2);
        for (const c of charts) {
          expect(c.width).toBeLessThanOrEqual(width);
          expect(c.smallestText).toBeGreaterThanOrEqual(9);
        }
        const { scroll, client } = await page.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
        expect(scroll).toBeLessThanOrEqual(client);
        await page.screenshot({ path: join(ARTIFACTS, `status-page-charts-${width}.png`), fullPage: false, clip: { x: 0, y: 0, width, height: 1800 } });
        expect(await axeViolations(page, `status page charts, ${width} px`)).toEqual([]);
      } finally {
        await close();
      }
    }, 60_000);
  }

  it('follows a provider name from the status page to its page', async () => {
    const { page, close } = await open('/?lang=en', 375, false);
    try {
      await page.click('a[href="providers/ovh?lang=en"]');
      expect(new URL(page.url()).pathname).toBe('/providers/ovh');
      expect(await page.textContent('h1')).toBe('OVH');
    } finally {
      await close();
    }
  }, 60_000);
});

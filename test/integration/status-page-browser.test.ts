/**
 * The public status page in a real browser: Debian's chromium driven by playwright-core, over a store seeded
 * by real polls (the real December 2025 catalogue PDF, the "en cours" page fixture, a feed) and served by the
 * compiled CLI's web role, as it runs in production. Screenshots go to test-artifacts/.
 */
import { CHANGES_SHOWN } from '../../src/web/site.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import type { Redis } from 'ioredis';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/commands/i18n.js';
import { daysBetween, todayIn } from '../../src/core/calendar.js';
import { isOperatorEvent, type ChangeEvent } from '../../src/core/events.js';
import type { Offer, ServiceType } from '../../src/core/offer.js';
import type { PollJob } from '../../src/queues/payloads.js';
import { sourceSchema, type SourceConfig } from '../../src/sources/schema.js';
import { createReminderStore } from '../../src/store/reminder-store.js';
import { runExpiry } from '../../workers/expiry.js';
import { processPoll } from '../../workers/poll.worker.js';
import { pollSource } from '../../workers/poll-source.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { listCsvRecords } from '../support/list-csv.js';
import { getEdition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { createHarness } from '../support/poll-harness.js';
import { readCalendar } from '../support/ical-read.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { ROOT } from '../support/run-cli.js';
import { until } from '../support/until.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const TIME_ZONE = 'Europe/Paris';
const prefix = `w${randomUUID().slice(0, 8)}`;
/** A feed title that would run if the page did not escape it (and the CSP did not stop it). */
const HOSTILE_TITLE = `SecNumCloud : <script>document.title='pwned'</script> NumSpot avance`;

let redis: TestRedis;
let conn: Redis;
let server: FixtureServer;
let dir: string;
let web: ChildProcess | undefined;
let webLog = '';
let base = '';
let browser: Browser;
let changes: ChangeEvent[] = [];
const csv = catalogueSnapshot().offers;

const rss = (items: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Presse</title><link>https://presse.example/</link>${items}</channel></rss>`;
const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const rssItem = (title: string, link: string): string =>
  `<item><title>${xmlText(title)}</title><link>${link}</link><guid>${link}</guid><pubDate>${new Date().toUTCString()}</pubDate></item>`;


/** Real polls through the real store: en cours page, catalogue, the page again, reminders, a feed, a failing source. */
async function seed(sources: SourceConfig[]): Promise<void> {
  const [catalogue, enCours, presse, certfr] = sources as [SourceConfig, SourceConfig, SourceConfig, SourceConfig];
  const h = createHarness(conn, prefix, sources);
  h.setNow(new Date().toISOString());
  const page = readFileSync(join(ROOT, 'test/fixtures/anssi-page/table.html'), 'utf8');
  const html = { 'content-type': 'text/html; charset=utf-8' };
  server.route('/catalogue.pdf', { body: (await getEdition('real')).bytes });
  server.route('/en-cours', { body: page.replace(/<tr>(?:(?!<\/tr>)[\s\S])*?NumSpot[\s\S]*?<\/tr>/g, ''), headers: html });
  server.route('/presse.xml', { body: rss(rssItem('Datacenters : la facture électrique', 'https://presse.example/1')) });
  expect((await pollSource(h, enCours, { commit: true })).outcome).toBe('baseline');
  expect((await pollSource(h, catalogue, { commit: true })).outcome).toBe('baseline');
  expect((await pollSource(h, presse, { commit: true })).outcome).toBe('baseline');
  server.route('/en-cours', { body: page, headers: html });
  expect((await pollSource(h, enCours, { commit: true })).outcome).toBe('changed');
  await runExpiry({ store: h.store, reminders: createReminderStore(conn, h.keys), clock: () => new Date(), timeZone: TIME_ZONE, windows: [90, 30, 7] }, [catalogue], { commit: true });
  server.route('/presse.xml', { body: rss(rssItem(HOSTILE_TITLE, 'https://presse.example/2')) });
  expect((await pollSource(h, presse, { commit: true })).outcome).toBe('news');
  // CERT-FR's only check fails for good: the poll worker's last attempt (its retries exhausted) against a 503.
  server.route('/certfr.xml', (_req, res) => res.writeHead(503).end());
  const byId = () => new Map(sources.map((s) => [s.id, s]));
  const last = { data: { sourceId: certfr.id }, attemptsMade: 2, opts: { attempts: 3 } } as unknown as Job<PollJob>;
  await expect(processPoll({ ...h, connection: conn, prefix, sources: byId, failingAfter: 3 }, last)).rejects.toThrow(/HTTP 503/);
  // An operators' event for the page to leave out (CERT-FR's one failure raises none: FAILING_AFTER is 3).
  await h.store.recordFailure('old-source', 'GET https://x/: HTTP 500', new Date(), 1);
  changes = (await h.changeLog.range()).map((e) => e.event).reverse();
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is missing at ${CHROMIUM}: install it with "apt-get install -y chromium" (.ci/run does it)`);
  if (!existsSync(join(ROOT, 'dist/src/cli.js'))) throw new Error('dist/src/cli.js is missing: run "npm run -s build" first (npm test does)');
  [redis, server] = await Promise.all([startTestRedis(), startFixtureServer({})]);
  conn = createTestConnection(redis);
  dir = mkdtempSync(join(tmpdir(), 'status-page-'));
  const raw = [
    // SecNumCloud and two other lists the real edition prints, for the list pages.
    { id: 'anssi-catalogue', kind: 'anssi-catalogue', url: `${server.url}/catalogue.pdf`, interval: '6h', settings: { lists: ['secnumcloud', 'passi', 'eidas-signature'] } },
    { id: 'anssi-en-cours', kind: 'anssi-page', url: `${server.url}/en-cours`, interval: '12h' },
    { id: 'presse', name: 'Presse', kind: 'rss', url: `${server.url}/presse.xml`, interval: '1h', maxAge: '3650d' },
    { id: 'certfr', name: 'CERT-FR', kind: 'rss', url: `${server.url}/certfr.xml?key=s3cr3t`, interval: '1h' },
  ];
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: raw }));
  await seed(raw.map((s) => sourceSchema.parse(s)));

  web = spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', 'web'], {
    cwd: ROOT,
    env: {
      ...process.env, DATA_DIR: join(dir, 'data'), SOURCES_FILE: join(dir, 'sources.json'), REDIS_URL: `unix://${redis.socket}`, REDIS_PREFIX: prefix,
      HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info', TZ_REFERENCE: TIME_ZONE, DEFAULT_LANG: 'fr',
      SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', ADMIN_USER: '', ADMIN_PASSWORD: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  web.stderr!.on('data', (d: Buffer) => (webLog += d.toString()));
  web.stdout!.resume();
  await until(`the web role's HTTP server\n${webLog}`, () => {
    base = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"http server listening"/.exec(webLog)?.[1] ?? '';
    return base !== '' || web?.exitCode !== null;
  });
  if (!base) throw new Error(`the web role exited: ${webLog}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (web && web.exitCode === null) {
    web.kill('SIGTERM');
    await new Promise((r) => web?.once('exit', r));
  }
  conn?.disconnect();
  await Promise.all([redis?.stop(), server?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

interface Row { provider: string; service: string; types: string; from: string; until: string; remaining: string; decisionUrl: string }

/** The offers table as a reader sees it (read through the DOM, which works with JavaScript off too). */
const ROWS_SCRIPT = `[...document.querySelectorAll('table.offers tbody')].flatMap((tbody) => {
  const provider = tbody.querySelector('th[scope=rowgroup]').firstChild.textContent.trim();
  return [...tbody.querySelectorAll('tr')].filter((tr) => tr.querySelector('th[scope=row]')).map((tr) => {
    const td = tr.querySelectorAll('td');
    return { provider, service: tr.querySelector('th[scope=row]').textContent, types: td[0].textContent,
      from: td[1].querySelector('time')?.getAttribute('datetime') ?? '', until: td[2].querySelector('time')?.getAttribute('datetime') ?? '',
      remaining: td[2].querySelector('.tag')?.textContent ?? '', decisionUrl: td[3].querySelector('a')?.getAttribute('href') ?? '' };
  });
})`;
const rowsOf = (page: Page): Promise<Row[]> => page.evaluate<Row[]>(ROWS_SCRIPT);

/** What the page must show for a CSV row today, in French: days left within 90 days, a passed end date. */
function expectedRow(o: Offer): Row {
  const t = messages('fr');
  const left = daysBetween(todayIn(TIME_ZONE, new Date()), o.qualifiedUntil ?? '');
  const remaining = left < 0 ? t.offer.pastEnd(-left) : left <= 90 ? t.offer.endsIn(left) : '';
  return { provider: o.provider, service: o.service ?? '', types: o.types.join(', '), from: o.qualifiedFrom ?? '', until: o.qualifiedUntil ?? '', remaining, decisionUrl: o.decisionUrl ?? '' };
}
const byKey = (a: Row, b: Row): number => `${a.provider}|${a.service}`.localeCompare(`${b.provider}|${b.service}`);
const expectedRows = (keep: (o: Offer) => boolean = () => true): Row[] => csv.filter(keep).map(expectedRow).sort(byKey);
const ofType = (type: ServiceType) => (o: Offer): boolean => o.types.includes(type);

async function newContext(opts: { js: boolean; width: number }): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: opts.js, bypassCSP: opts.js, viewport: { width: opts.width, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  return { context, page, requests };
}

/** Runs axe-core in the page and returns its serious and critical violations, printing every violation found. */
async function axeViolations(page: Page, label: string): Promise<Array<{ id: string; impact: string }>> {
  await page.addScriptTag({ content: readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8') });
  const violations = await page.evaluate<Array<{ id: string; impact: string; help: string; nodes: string[] }>>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`,
  );
  for (const v of violations) console.log(`axe (${label}): ${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('the status page in chromium, served by the web role over a store seeded from the real catalogue', () => {
  it('shows exactly the 16 offers of the December 2025 edition, grouped by provider, with days left in words', async () => {
    const { context, page, requests } = await newContext({ js: false, width: 1280 });
    try {
      const res = await page.goto(`${base}/`);
      expect(res?.status()).toBe(200);
      expect(res?.headers()['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      const rows = await rowsOf(page);
      expect(rows).toHaveLength(16);
      expect([...rows].sort(byKey)).toEqual(expectedRows());
      // Each provider is one group of consecutive rows.
      const providers = rows.map((r) => r.provider).filter((p, i, all) => all[i - 1] !== p);
      expect(providers).toHaveLength(new Set(csv.map((o) => o.provider)).size);
      expect(await page.locator('script').count()).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'status-page-desktop-1280.png'), fullPage: true });
      // Nothing but the page itself was requested: no asset, nothing from the internet.
      expect(requests.filter((u) => !u.startsWith(`${base}/`))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lists the en cours entries, the latest changes (no operator event) and the health of each source', async () => {
    const { context, page } = await newContext({ js: false, width: 1280 });
    try {
      await page.goto(`${base}/`);
      const t = messages('fr');
      // SecNumCloud's page: its changes and news, the latest 20 (other lists' reminders are on their own pages).
      const shown = changes.filter((e) => !isOperatorEvent(e) && (!('offer' in e) || e.offer.list === undefined)).slice(0, CHANGES_SHOWN);
      expect(changes.some((e) => 'offer' in e && e.offer.list === 'eidas-signature')).toBe(true);
      expect(changes.some(isOperatorEvent)).toBe(true);
      expect(shown.map((e) => e.kind)).toContain('offer.in_progress');
      expect(shown.map((e) => e.kind)).toContain('news.published');
      const items = await page.locator('#changes-h ~ ol li').allTextContents();
      expect(items).toHaveLength(shown.length);
      shown.forEach((e, i) => {
        expect(items[i]).toContain(t.kinds[e.kind as keyof typeof t.kinds]);
        expect(items[i]).toContain(t.date(todayIn(TIME_ZONE, new Date(e.detectedAt))));
        expect(items[i]).toContain('offer' in e ? e.offer.service : e.kind === 'news.published' ? e.item.title : '');
      });
      expect(items[0]).toContain(HOSTILE_TITLE);
      expect(await page.title()).not.toBe('pwned');
      expect(await page.locator('#progress-h ~ ul li', { hasText: 'NumSpot' }).count()).toBe(1);
      // OVH's Bare Metal Pod is on the page en cours and qualified in the catalogue: shown once, as qualified.
      expect(await page.locator('table.offers th[scope=row]', { hasText: 'Bare Metal Pod' }).count()).toBe(1);
      expect(await page.locator('#progress-h ~ ul li', { hasText: 'Bare Metal Pod' }).count()).toBe(0);
      expect(await page.locator('#progress-h ~ ul li').count()).toBe(7);
      const sources = await page.locator('table.sources tbody tr').allTextContents();
      expect(sources).toHaveLength(4);
      expect(sources[0]).toMatch(/^anssi-catalogueen service/);
      // One failed check (retries exhausted) is failing at once, though the operators are told only after FAILING_AFTER (3).
      expect(sources[3]).toMatch(/^CERT-FRen échec depuis le \d\d\/\d\d\/\d{4} à \d\d:\d\d : 1 vérification échouée \(HTTP 503\).+jamais$/); // last check: now; last success: never
      expect(sources[3]).not.toMatch(/127\.0\.0\.1|s3cr3t/); // the stored text names the URL: the page says only what kind of failure
      expect(await page.locator('table.sources tbody tr .state-failing').count()).toBe(1);
      await page.goto(`${base}/?lang=en`);
      const english = await page.locator('table.sources tbody tr').allTextContents();
      expect(english[0]).toMatch(/^anssi-catalogueworking/);
      expect(english[3]).toMatch(/^CERT-FRfailing since \d{1,2} \w{3} \d{4}, \d\d:\d\d: 1 failed check \(HTTP 503\).+never$/);
    } finally {
      await context.close();
    }
  });

  it('filters by type and searches a provider by submitting the form, with JavaScript off', async () => {
    const { context, page } = await newContext({ js: false, width: 1280 });
    try {
      await page.goto(`${base}/`);
      await page.selectOption('#type', 'IaaS');
      await Promise.all([page.waitForURL(/type=IaaS/), page.click('form button[type=submit]')]);
      expect([...(await rowsOf(page))].sort(byKey)).toEqual(expectedRows(ofType('IaaS')));
      expect(await page.locator('p.matched').textContent()).toBe('7 offres sur 16 correspondent aux critères.');

      await page.selectOption('#type', '');
      await page.fill('#q', 'oodrive');
      await Promise.all([page.waitForURL(/q=oodrive/), page.press('#q', 'Enter')]);
      expect((await rowsOf(page)).map((r) => r.service)).toEqual(['Oodrive_Meet', 'Oodrive_Work', 'Oodrive_Work_Share']);

      await page.selectOption('#type', 'PaaS');
      await page.fill('#q', 'Cloud Temple');
      await Promise.all([page.waitForURL(/type=PaaS/), page.click('form button[type=submit]')]);
      expect(await rowsOf(page)).toEqual(expectedRows((o) => o.provider === 'Cloud Temple' && ofType('PaaS')(o)));
      expect(await page.inputValue('#q')).toBe('Cloud Temple');

      // The language link keeps the filter; the English page says the same in English.
      await Promise.all([page.waitForURL(/lang=en/), page.click('a[hreflang=en]')]);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await rowsOf(page)).toHaveLength(1);
      await Promise.all([page.waitForURL(/lang=en$/), page.click('text=Show all')]);
      expect(await rowsOf(page)).toHaveLength(16);
      expect(await page.locator('table.offers caption').textContent()).toBe('SecNumCloud qualified offers, by provider, catalogue of 5 Dec 2025');
    } finally {
      await context.close();
    }
  });

  it('shows another list of the catalogue through its link, with JavaScript off, in the columns it has', async () => {
    const { context, page } = await newContext({ js: false, width: 1280 });
    try {
      await page.goto(`${base}/`);
      await Promise.all([page.waitForURL(/list=passi/), page.click('nav[aria-labelledby=lists-h] a[href$="list=passi"]')]);
      expect(await page.locator('h2#offers-h').textContent()).toBe("PASSI — audit de la sécurité des systèmes d’information");
      expect(await page.locator('table.offers caption').textContent()).toBe("PASSI — audit de la sécurité des systèmes d’information, catalogue du 05/12/2025");
      expect(await page.locator('table.offers tbody tr').count()).toBe(listCsvRecords('passi').length);
      expect(await page.locator('table.offers thead th').allTextContents()).toEqual(['Fournisseur', 'Activités', 'Niveau', 'Sécurité nationale', 'Début de qualification', 'Fin de qualification', "Décision de l'ANSSI", 'Recommandation']);
      await page.fill('#q', 'synacktiv');
      await Promise.all([page.waitForURL(/q=synacktiv/), page.press('#q', 'Enter')]);
      expect(page.url()).toMatch(/list=passi/);
      expect(await page.locator('table.offers tbody th[scope=row]').allTextContents()).toEqual(['Synacktiv']);
      await page.screenshot({ path: join(ARTIFACTS, 'status-page-passi-1280.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('takes the offers shown elsewhere with their filters: a CSV download, a calendar and a feed', async () => {
    const { context, page } = await newContext({ js: false, width: 1280 });
    try {
      await page.goto(`${base}/?type=IaaS&q=ovh`);
      const shown = (await rowsOf(page)).map((r) => `${r.provider}|${r.service}`).sort();
      expect(shown).toHaveLength(2);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('p.exports a[type="text/csv"]')]);
      expect(download.suggestedFilename()).toBe('secnumcloud-offres-2025-12-05.csv');
      const csvText = readFileSync((await download.path())!, 'utf8');
      expect(csvText.startsWith("\uFEFF# Source : catalogue des offres qualifiées SecNumCloud de l'ANSSI, édition du 05/12/2025.")).toBe(true);
      const rows = (parse(csvText, { bom: true, delimiter: ';', comment: '#' }) as string[][]).slice(1);
      expect(rows.map((r) => `${r[0]}|${r[1]}`).sort()).toEqual(shown);
      const follow = async (type: string) => (await fetch(new URL((await page.getAttribute(`p.exports a[type="${type}"]`, 'href'))!, page.url()))).text();
      const calendar = readCalendar(await follow('text/calendar'));
      expect(calendar.events.filter((e) => e.summary.startsWith('Fin de qualification SecNumCloud :')).map((e) => e.summary.split(' : ')[1]!.replace(' — ', '|')).sort()).toEqual(shown);
      const $ = cheerio.load(await follow('application/atom+xml'), { xml: true });
      expect($('feed > link[rel="self"]').attr('href')).toMatch(/\/feed\.atom\?provider=OVH&type=IaaS$/);
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical accessibility violation (axe-core), in French on a desktop and in English on a phone', async () => {
    const desktop = await newContext({ js: true, width: 1280 });
    const phone = await newContext({ js: true, width: 375 });
    try {
      await desktop.page.goto(`${base}/`);
      expect(await axeViolations(desktop.page, 'fr, 1280 px')).toEqual([]);
      // With scripts on and the CSP bypassed, escaping alone keeps the hostile feed title from running.
      expect(await desktop.page.title()).not.toBe('pwned');
      await phone.page.goto(`${base}/?lang=en&type=SaaS`);
      expect(await axeViolations(phone.page, 'en, 375 px')).toEqual([]);
    } finally {
      await Promise.all([desktop.context.close(), phone.context.close()]);
    }
  });

  it('has no serious or critical accessibility violation on other lists\' pages either (axe-core)', async () => {
    const desktop = await newContext({ js: true, width: 1280 });
    const phone = await newContext({ js: true, width: 375 });
    try {
      await desktop.page.goto(`${base}/?list=passi`);
      expect(await axeViolations(desktop.page, 'fr, PASSI, 1280 px')).toEqual([]);
      await phone.page.goto(`${base}/?lang=en&list=eidas-signature`);
      expect(await axeViolations(phone.page, 'en, eIDAS signature, 375 px')).toEqual([]);
    } finally {
      await Promise.all([desktop.context.close(), phone.context.close()]);
    }
  }, 60_000); // two axe runs on long tables, on a machine shared with the rest of the suite

  it('never scrolls sideways at 375 px, whatever the page shows', async () => {
    const { context, page } = await newContext({ js: false, width: 375 });
    try {
      for (const path of ['/', '/?lang=en', '/?type=IaaS&q=ovh', '/?type=CaaS', '/?list=passi', '/?lang=en&list=eidas-signature', '/?list=pris']) {
        await page.goto(`${base}${path}`);
        const [scroll, client] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
        expect(scroll, `${path}: scrollWidth ${scroll} > clientWidth ${client}`).toBeLessThanOrEqual(client);
        expect(client).toBe(375);
      }
      await page.goto(`${base}/`);
      await page.screenshot({ path: join(ARTIFACTS, 'status-page-phone-375.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});

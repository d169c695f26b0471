import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from 'cheerio';
import { runCommand } from '../../src/commands/run.js';
import { inlineText, type Reply } from '../../src/commands/reply.js';
import type { ChangeEvent, OfferEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import { startHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { createTrackerState } from '../../src/store/tracker-state.js';
import { mountApi } from '../../src/web/api.js';
import { buildPageModel } from '../../src/web/page-model.js';
import { parsePageQuery } from '../../src/web/page-query.js';
import { renderStatusPage } from '../../src/web/page-render.js';
import { invocation, MemorySubscriptionStore, replyText } from '../support/fake-command-deps.js';
import { sourceSchema, type OfferSourceConfig } from '../../src/sources/schema.js';
import { createReminderStore } from '../../src/store/reminder-store.js';
import { runExpiry } from '../../workers/expiry.js';
import { pollSource } from '../../workers/poll-source.js';
import { getEdition, type Edition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { catalogueSource, createHarness, type Harness } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
let server: FixtureServer;
let december: Edition;
let january: Edition;
const page = readFileSync('test/fixtures/anssi-page/table.html', 'utf8');
const emptyPage = readFileSync('test/fixtures/anssi-page/empty.html', 'utf8');
/** The same page before NumSpot and OVH's Bare Metal Pod were listed. */
const earlierPage = page.replace(/<tr>(?:(?!<\/tr>)[\s\S])*?(NumSpot|Bare Metal Pod)[\s\S]*?<\/tr>/g, '');

beforeAll(async () => {
  [redis, server, december, january] = await Promise.all([startTestRedis(), startFixtureServer({}), getEdition('real'), getEdition('syntheticOutline')]);
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn.disconnect();
  await Promise.all([redis.stop(), server.close()]);
});

function setup(): { h: Harness; catalogue: OfferSourceConfig; enCours: OfferSourceConfig; log: () => Promise<ChangeEvent[]> } {
  const catalogue = catalogueSource(`${server.url}/catalogue.pdf`);
  const enCours = sourceSchema.parse({ id: 'anssi-en-cours', kind: 'anssi-page', url: `${server.url}/en-cours`, interval: '12h' }) as OfferSourceConfig;
  const h = createHarness(conn, undefined, [catalogue, enCours]);
  return { h, catalogue, enCours, log: async () => (await h.changeLog.range()).map((e) => e.event) };
}

describe('the page of services en cours de qualification', () => {
  it('alerts a new entry as offer.in_progress, but not one already qualified, then says so when it is qualified', async () => {
    const { h, catalogue, enCours, log } = setup();
    server.route('/catalogue.pdf', { body: december.bytes });
    server.route('/en-cours', { body: earlierPage, headers: { 'content-type': 'text/html; charset=utf-8' } });
    await pollSource(h, catalogue, { commit: true });
    expect((await pollSource(h, enCours, { commit: true })).outcome).toBe('baseline');

    server.route('/en-cours', { body: page, headers: { 'content-type': 'text/html; charset=utf-8' } });
    const r = await pollSource(h, enCours, { commit: true });
    expect(r.outcome).toBe('changed');
    const added = (await log()) as OfferEvent[];
    // OVH's Bare Metal Pod is already qualified in the catalogue: the page lags it, nobody is told.
    expect(added.map((e) => [e.kind, e.offer.provider, e.offer.service])).toEqual([['offer.in_progress', 'NumSpot', 'Plateforme NumSpot']]);
    expect(added[0]!.offer.status).toBe('in_progress');

    server.route('/catalogue.pdf', { body: january.bytes });
    await pollSource(h, catalogue, { commit: true });
    const numspot = ((await log()) as OfferEvent[]).find((e) => e.kind === 'offer.added' && e.offer.provider === 'NumSpot');
    expect(numspot?.wasInProgress).toEqual({ since: '2024-01-15' });
    const others = ((await log()) as OfferEvent[]).filter((e) => e.kind === 'offer.added' && e.offer.provider !== 'NumSpot');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((e) => e.wasInProgress === undefined)).toBe(true);
  });

  it('holds a page with zero entries as suspect instead of announcing that everyone left', async () => {
    const { h, enCours, log } = setup();
    server.route('/en-cours', { body: page, headers: { 'content-type': 'text/html' } });
    await pollSource(h, enCours, { commit: true });
    server.route('/en-cours', { body: emptyPage, headers: { 'content-type': 'text/html' } });
    expect(await pollSource(h, enCours, { commit: true })).toMatchObject({ outcome: 'held', alerted: true });
    expect((await log()).map((e) => e.kind)).toEqual(['source.suspect']);
    expect((await h.store.getTrusted(enCours.id))?.snapshot.offers).toHaveLength(8);
  });
});

describe('an en cours entry the catalogue already lists as qualified (OVH Bare Metal Pod, decision 559)', () => {
  it('is shown once, as qualified, in every view and count: page, status, status ovh and the API, in French and English', async () => {
    const { h, catalogue, enCours } = setup();
    server.route('/catalogue.pdf', { body: december.bytes });
    server.route('/en-cours', { body: page, headers: { 'content-type': 'text/html; charset=utf-8' } });
    await pollSource(h, catalogue, { commit: true });
    await pollSource(h, enCours, { commit: true });
    const page8 = (await h.store.getTrusted(enCours.id))!.snapshot.offers;
    expect(page8.map((o) => o.service)).toContain('Bare Metal Pod');
    expect(page8).toHaveLength(8);

    const state = createTrackerState({ store: h.store, changeLog: h.changeLog, sources: () => [catalogue, enCours], clock: h.clock, failingAfter: 3 });
    const entries = await state.inProgress();
    expect(entries).toHaveLength(7);
    expect(entries.map((o) => o.service)).not.toContain('Bare Metal Pod');
    // The date the page gives is the date it entered the process, never a qualification's start.
    expect(entries.find((o) => o.provider === 'NumSpot')).toMatchObject({ inProgressSince: '2024-01-15' });
    expect(entries.every((o) => o.qualifiedFrom === undefined)).toBe(true);

    const deps = { subscriptions: new MemorySubscriptionStore(), state, clock: h.clock, timeZone: 'Europe/Paris' };
    const fields = (r: Reply) => Object.fromEntries(r.blocks.flatMap((b) => (b.type === 'fields' ? b.fields.map((f) => [f.label, inlineText(f.value)]) : [])));
    expect(fields(await runCommand('status', invocation({ locale: 'en-US' }), deps))).toMatchObject({ 'Qualified offers': '16', 'En cours de qualification': '7' });
    expect(fields(await runCommand('status', invocation(), deps))).toMatchObject({ 'Offres qualifiées': '16', 'En cours de qualification': '7' });
    const ovh = replyText(await runCommand('status ovh', invocation({ locale: 'en-US' }), deps));
    expect(ovh.match(/Bare Metal Pod/g)).toHaveLength(1);
    expect(ovh).toContain('• Bare Metal Pod — IaaS — from 24 Mar 2025 to 24 Mar 2028 — decision 559');
    expect(ovh).not.toContain('En cours de qualification');
    expect(replyText(await runCommand('status ovh', invocation(), deps)).match(/Bare Metal Pod/g)).toHaveLength(1);

    for (const lang of ['fr', 'en'] as const) {
      const [qualified, inProgress, sources] = await Promise.all([state.qualified(), state.inProgress(), state.sources()]);
      const html = renderStatusPage(buildPageModel({ qualified, inProgress, sources, changes: [], query: parsePageQuery({ lang }, 'fr'), now: h.clock(), timeZone: 'Europe/Paris' }));
      const $ = load(html);
      expect($('table.offers th[scope=row]').toArray().filter((th) => $(th).text() === 'Bare Metal Pod'), lang).toHaveLength(1);
      expect($('#progress-h ~ ul').text(), lang).not.toContain('Bare Metal Pod');
      expect($('#progress-h ~ ul li'), lang).toHaveLength(7);
      expect($('.counts div').toArray().map((d) => $(d).text()).find((t) => /cours|process/.test(t)), lang).toMatch(/7$/);
    }

    const logger = createLogger({ level: 'silent', format: 'json' });
    const server2 = await startHttpServer({ port: 0, host: '127.0.0.1', logger, mount: (app) => mountApi(app, { state, changeLog: h.changeLog, clock: h.clock, timeZone: 'Europe/Paris', defaultLang: 'fr', reminderWindows: [90, 30, 7], logger }) });
    try {
      const pending = (await (await fetch(`${server2.url}/api/offers?status=in_progress`)).json()) as { count: number; offers: Offer[] };
      expect(pending.count).toBe(7);
      expect(pending.offers.map((o) => o.service)).not.toContain('Bare Metal Pod');
      const ovhApi = (await (await fetch(`${server2.url}/api/offers?provider=ovh`)).json()) as { offers: Offer[] };
      expect(ovhApi.offers.filter((o) => o.service === 'Bare Metal Pod')).toMatchObject([{ status: 'qualified', decision: '559' }]);
    } finally {
      await server2.close();
    }
  });

  it('reads an en cours record stored by an older version (its date in qualifiedFrom) as inProgressSince', async () => {
    const { h, enCours } = setup();
    const old: Offer = { provider: 'S3NS', service: 'PREMI3NS', types: ['PaaS', 'CaaS'], qualifiedFrom: '2024-07-04', status: 'in_progress' };
    await h.store.commit(enCours.id, { state: 's1', snapshot: { source: enCours.id, offers: [old] }, validators: {}, events: [], now: h.clock() });
    expect((await h.store.getTrusted(enCours.id))!.snapshot.offers).toEqual([{ provider: 'S3NS', service: 'PREMI3NS', types: ['PaaS', 'CaaS'], inProgressSince: '2024-07-04', status: 'in_progress' }]);
  });
});

describe('expiry reminders (the daily job)', () => {
  it('sends each due reminder once, on the day in Paris, whatever the number of runs', async () => {
    const { h, catalogue, log } = setup();
    server.route('/catalogue.pdf', { body: december.bytes });
    await pollSource(h, catalogue, { commit: true });
    const deps = { store: h.store, reminders: createReminderStore(conn, h.keys), clock: () => new Date('2026-11-27T23:30:00Z'), timeZone: 'Europe/Paris', windows: [90, 30, 7] };
    // 23:30 UTC on the 27th is already the 28th in Paris: Outscale ends on the 30th (2 days), OVH on 29/12 (31 days).
    const first = await runExpiry(deps, [catalogue], { commit: true });
    expect(first.map((e) => [e.offer.provider, e.offer.service, e.reminder])).toEqual([
      ['Outscale', 'IaaS', { window: 7, daysLeft: 2 }],
      ['OVH', 'Hosted Private Cloud powered by VMware', { window: 90, daysLeft: 31 }],
    ]);
    expect(await runExpiry(deps, [catalogue], { commit: true })).toEqual([]);
    await Promise.all([runExpiry(deps, [catalogue], { commit: true }), runExpiry(deps, [catalogue], { commit: true })]);
    expect((await log()).filter((e) => e.kind === 'offer.expiring')).toHaveLength(2);
    // Five days later: Outscale is still listed three days after its end (flagged once); OVH enters its 30-day window.
    const later = { ...deps, clock: () => new Date('2026-12-03T08:00:00Z') };
    const next = await runExpiry(later, [catalogue], { commit: true });
    expect(next.map((e) => [e.offer.provider, e.reminder])).toEqual([
      ['Outscale', { window: 0, daysLeft: -3 }],
      ['OVH', { window: 30, daysLeft: 26 }],
    ]);
    expect(await runExpiry(later, [catalogue], { commit: true })).toEqual([]);
  });
});

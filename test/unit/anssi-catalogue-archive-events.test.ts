/**
 * Certificates moved to the archive annex, lapsed or plainly gone, a new version, a maintenance report and a renamed
 * developer (decision 0025), on two synthetic editions (test/support/edition-archive.ts) read by the real parser: the
 * annex's certificate ids are read as a side result and never as offers, and the pure diff gives exactly one event
 * per change, with the removal's reason, and none for unchanged rows or lists.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots, removalReason } from '../../src/core/diff.js';
import { eventId } from '../../src/core/event-id.js';
import { assessSnapshot, DEFAULT_GUARD } from '../../src/core/guard.js';
import { identityKey } from '../../src/core/normalize.js';
import { snapshotHash } from '../../src/core/snapshot.js';
import type { Snapshot } from '../../src/core/offer.js';
import { parseCatalogueLists, parseTrackedLists, PRODUCT_LIST_IDS, type CatalogueLists } from '../../src/sources/anssi-catalogue/index.js';
import { PRODUCT_LISTS } from '../../src/core/tracks.js';
import type { OfferEvent } from '../../src/core/events.js';
import { DEFAULT_PARSE_BUDGET } from '../../src/sources/budget.js';
import { createParserHost } from '../../src/sources/parse-host/parse-host.js';
import { runCli } from '../support/run-cli.js';
import { ARCHIVE_CASES, archiveEditionDates, buildArchiveEdition, expectedArchiveEdition } from '../support/edition-archive.js';

const IDS = ['cc', 'qualified-products'] as const;
let march: CatalogueLists;
let april: CatalogueLists;
let aprilBytes: Uint8Array;
let dir: string;

beforeAll(async () => {
  const [a, b] = await Promise.all([buildArchiveEdition('march'), buildArchiveEdition('april')]);
  aprilBytes = b;
  dir = mkdtempSync(join(tmpdir(), 'archive-test-'));
  writeFileSync(join(dir, 'march.pdf'), a);
  writeFileSync(join(dir, 'april.pdf'), b);
  [march, april] = await Promise.all([parseCatalogueLists(a.slice(), IDS, { archive: true }), parseCatalogueLists(b.slice(), IDS, { archive: true })]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const snapshot = (doc: CatalogueLists, id: (typeof IDS)[number]): Snapshot => ({
  source: 'anssi-catalogue',
  list: id,
  edition: doc.edition!,
  offers: doc.lists[id]!,
  ...(doc.archived ? { archived: doc.archived } : {}),
});
const eventsOf = (id: (typeof IDS)[number]) => diffSnapshots(snapshot(march, id), snapshot(april, id), { detectedAt: '2026-04-07T09:00:00.000Z' });

describe('the annex of archived certificates', () => {
  it.each(['march', 'april'] as const)('%s: every list read exactly; the annex read as certificate ids, never as offers', (month) => {
    const doc = month === 'march' ? march : april;
    const want = expectedArchiveEdition(month);
    expect(doc.edition).toBe(archiveEditionDates[month]);
    expect(doc.lists.cc).toEqual(want.cc);
    expect(doc.lists['qualified-products']).toEqual(want['qualified-products']);
    expect(doc.archived).toEqual(want.archived);
    // The annex's rows (a Common Criteria table, an archived SecNumCloud row) are in no list.
    const providers = Object.values(doc.lists).flat().map((o) => o.provider);
    expect(providers).not.toContain('Omicron');
    expect(providers).not.toContain('Archivé Nuage');
  });

  it('is found from the numbered headings in a document without an outline', async () => {
    const bare = await parseCatalogueLists((await buildArchiveEdition('april', false)).slice(), IDS, { archive: true });
    expect(bare.archived).toEqual(expectedArchiveEdition('april').archived);
    expect(bare.lists.cc).toEqual(expectedArchiveEdition('april').cc);
  });

  it('is not read unless asked, and rides on the product lists\' snapshots only', async () => {
    expect((await parseCatalogueLists(aprilBytes.slice(), ['cc'])).archived).toBeUndefined();
    const tracked = await parseTrackedLists(aprilBytes.slice(), { lists: ['secnumcloud', 'cc', 'qualified-products'] });
    expect(tracked.snapshot.archived).toBeUndefined();
    expect(tracked.snapshot.offers.map((o) => o.provider)).not.toContain('Archivé Nuage');
    expect(tracked.lists.map((l) => [l.list, l.archived])).toEqual([
      ['cc', expectedArchiveEdition('april').archived],
      ['qualified-products', expectedArchiveEdition('april').archived],
    ]);
  });
});

describe('the parser thread', () => {
  it('hands the annex\'s ids over with the product snapshots, as the adapter reads them here', async () => {
    const host = createParserHost({ budget: DEFAULT_PARSE_BUDGET });
    try {
      const doc = await host.parse('anssi-catalogue', aprilBytes.slice(), { source: 'anssi-catalogue', settings: { lists: ['secnumcloud', 'cc'] } });
      expect(doc.records === 'offers' && doc.lists?.map((l) => [l.list, l.archived])).toEqual([['cc', expectedArchiveEdition('april').archived]]);
    } finally {
      await host.close();
    }
  });
});

describe('product events from March to April', () => {
  it('gives exactly one event per change, the removal\'s reason, and none for unchanged rows', () => {
    const cases = ARCHIVE_CASES;
    const got = eventsOf('cc').map((e) => ({ kind: e.kind, certificate: e.offer.certificate, reason: e.reason, changes: e.changes }));
    expect(got).toEqual([
      { kind: 'offer.removed', certificate: cases.removed.certificate, reason: undefined, changes: undefined },
      { kind: 'offer.removed', certificate: cases.lapsed.certificate, reason: 'lapsed', changes: undefined },
      { kind: 'offer.removed', certificate: cases.archived.certificate, reason: 'archived', changes: undefined },
      { kind: 'offer.renamed', certificate: cases.renamed.certificate, reason: undefined, changes: ['provider', 'sponsor'] },
      { kind: 'offer.renewed', certificate: 'ANSSI-CC-2021-18v2', reason: undefined, changes: ['qualifiedFrom', 'qualifiedUntil', 'certificate', 'certificateUrl', 'reportUrl', 'securityTargetUrl'] },
      { kind: 'offer.updated', certificate: 'ANSSI-CC-2022-05-M01', reason: undefined, changes: ['certificate', 'certificateUrl', 'reportUrl', 'securityTargetUrl'] },
    ]);
    const renamed = eventsOf('cc').find((e) => e.kind === 'offer.renamed')!;
    expect([renamed.previous?.provider, renamed.offer.provider]).toEqual(['Epsilon SAS', 'Epsilon Technologies']);
    const touched = eventsOf('cc').flatMap((e) => [e.offer.certificate, e.previous?.certificate]);
    for (const unchanged of cases.unchanged) expect(touched).not.toContain(unchanged.certificate);
    expect(eventsOf('qualified-products')).toEqual([]);
    // Only removals carry a reason.
    expect(eventsOf('cc').filter((e) => e.reason !== undefined).every((e) => e.kind === 'offer.removed')).toBe(true);
  });

  it('keeps event ids as they were: the reason is not part of the id', () => {
    const before = snapshot(march, 'cc');
    const state = snapshotHash(before);
    for (const e of eventsOf('cc').filter((x) => x.kind === 'offer.removed')) {
      expect(e.id).toBe(eventId('offer.removed', identityKey(e.offer), e.offer, undefined, state));
    }
  });
});

describe('the command line', () => {
  it('diff --list cc gives the removals their reason from the newer edition\'s annex', async () => {
    const r = await runCli(['diff', 'anssi-catalogue', join(dir, 'march.pdf'), join(dir, 'april.pdf'), '--list', 'cc']);
    expect(r.code, r.stderr).toBe(0);
    const events = JSON.parse(r.stdout) as OfferEvent[];
    expect(events.map((e) => [e.kind, e.offer.certificate, e.reason])).toEqual(eventsOf('cc').map((e) => [e.kind, e.offer.certificate, e.reason]));
    expect(events.filter((e) => e.reason).map((e) => e.reason)).toEqual(['lapsed', 'archived']);
  });
});

describe('removalReason', () => {
  const offer = { provider: 'P', service: 'S', types: [], status: 'qualified' as const, list: 'cc', qualifiedUntil: '2026-03-15' };
  it('says archived for a certificate whose family the annex prints, whatever its version or report', () => {
    expect(removalReason({ ...offer, certificate: 'ANSSI-CC-2021-18v2-M01' }, { edition: '2026-04-07', archived: ['ANSSI-CC-2021/18'] })).toBe('archived');
    expect(removalReason({ ...offer, certificate: 'ANSSI-CC-2021-18', qualifiedUntil: '2029-01-01' }, { edition: '2026-04-07', archived: ['ANSSI-CC-2021-18v2'] })).toBe('archived');
  });
  it('says lapsed when not archived and the end date is before the edition, nothing otherwise', () => {
    expect(removalReason({ ...offer, certificate: 'ANSSI-CC-2021-19' }, { edition: '2026-04-07', archived: ['ANSSI-CC-2021-18'] })).toBe('lapsed');
    expect(removalReason(offer, { edition: '2026-03-15' })).toBeUndefined();
    expect(removalReason(offer, {})).toBeUndefined();
    expect(removalReason({ ...offer, qualifiedUntil: '2029-01-01', certificate: 'ANSSI-CC-2021-19' }, { edition: '2026-04-07', archived: [] })).toBeUndefined();
  });
});

describe('the product lists, as the core names them', () => {
  it('are the reader\'s product lists', () => {
    expect([...PRODUCT_LISTS]).toEqual([...PRODUCT_LIST_IDS]);
  });
});

describe('the guard on product rows', () => {
  const row = { provider: '', service: 'Iota Module', types: [], status: 'qualified' as const, qualifiedFrom: '2025-03-03', qualifiedUntil: '2030-03-03' };
  it('trusts a product whose developer cell is printed empty, never a service row without a provider', () => {
    expect(assessSnapshot(undefined, { source: 's', list: 'cc', offers: [{ ...row, list: 'cc', certificate: 'ANSSI-CC-2025-40' }] }, { ...DEFAULT_GUARD, minRows: 1 })).toEqual({ trusted: true });
    expect(assessSnapshot(undefined, { source: 's', list: 'pams', offers: [{ ...row, list: 'pams' }] }, { ...DEFAULT_GUARD, minRows: 1 }).trusted).toBe(false);
    expect(assessSnapshot(undefined, { source: 's', list: 'cc', offers: [{ ...row, provider: 'Iota', service: '', list: 'cc' }] }, { ...DEFAULT_GUARD, minRows: 1 }).trusted).toBe(false);
  });
});

/**
 * Service lists across two synthetic editions (test/support/edition-lists.ts): the December layout, then the
 * later one (numbers without the trailing dot, "x.1" services / "x.2" certification bodies, an annex of archived
 * lists). Each list gets its own events; nothing comes from the bodies' tables or the annex. Also the command
 * line: `parse`/`diff … --list ID|all`, and an unknown list.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/core/diff.js';
import type { OfferEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import { parseCatalogueLists, type CatalogueLists, type ListId } from '../../src/sources/anssi-catalogue/index.js';
import { buildListsEdition } from '../support/edition-lists.js';
import { runCli } from '../support/run-cli.js';

const IDS = ['secnumcloud', 'passi', 'eidas-seal', 'pams'] as const satisfies readonly ListId[];
let january: CatalogueLists;
let february: CatalogueLists;
let dir: string;
const file = (name: string): string => join(dir, name);

beforeAll(async () => {
  const [a, b] = await Promise.all([buildListsEdition('january'), buildListsEdition('february')]);
  dir = mkdtempSync(join(tmpdir(), 'lists-test-'));
  writeFileSync(file('january.pdf'), a);
  writeFileSync(file('february.pdf'), b);
  [january, february] = await Promise.all([parseCatalogueLists(a.slice(), IDS), parseCatalogueLists(b.slice(), IDS)]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const eventsOf = (id: ListId): OfferEvent[] =>
  diffSnapshots(
    { source: 'anssi-catalogue', ...(id === 'secnumcloud' ? {} : { list: id }), edition: january.edition!, offers: january.lists[id]! },
    { source: 'anssi-catalogue', ...(id === 'secnumcloud' ? {} : { list: id }), edition: february.edition!, offers: february.lists[id]! },
    { detectedAt: '2026-02-02T09:00:00.000Z' },
  );
const describeEvent = (e: OfferEvent): string =>
  [e.kind, e.offer.provider, e.offer.oid, e.previous && e.previous.decision !== e.offer.decision ? `${e.previous.decision}→${e.offer.decision}` : undefined, e.kind === 'offer.updated' ? e.changes?.join(',') : undefined]
    .filter(Boolean)
    .join(' ');

describe('two editions, the second in the later layout', () => {
  it('reads both editions, each list with its rows', () => {
    expect([january.edition, february.edition]).toEqual(['2026-01-05', '2026-02-02']);
    const counts = (d: CatalogueLists) => IDS.map((id) => d.lists[id]!.length);
    expect(counts(january)).toEqual([16, 5, 3, 2]);
    expect(counts(february)).toEqual([16, 5, 3, 2]);
  });

  it("takes nothing from the certification bodies' tables nor from the archived lists", () => {
    const providers = [january, february].flatMap((d) => Object.values(d.lists).flat()).map((o: Offer) => o.provider);
    expect(providers.filter((p) => /^(Organisme|Archivé)/.test(p))).toEqual([]);
  });

  it('passi: a renewal of one of two decisions, a mark turned orange, one removal, one addition', () => {
    expect(eventsOf('passi').map(describeEvent)).toEqual([
      'offer.added Zénith Audit',
      'offer.removed Acceis',
      'offer.renewed Cumulus Français 954→61',
      'offer.updated Abicom recommendation',
    ]);
    for (const e of eventsOf('passi')) expect(e.offer.list).toBe('passi');
  });

  it('eidas-seal: one OID of a two-OID decision extended is one renewal, of that OID', () => {
    expect(eventsOf('eidas-seal').map(describeEvent)).toEqual(['offer.renewed Certeurope 1.2.250.1.105.24.411.2.2.1.1.0']);
  });

  it('secnumcloud: the mark turned orange; pams: nothing', () => {
    expect(eventsOf('secnumcloud').map(describeEvent)).toEqual(['offer.updated Whaller recommendation']);
    expect(eventsOf('pams')).toEqual([]);
  });

  it('a list the editions do not print is an error, never an empty list', async () => {
    await expect(parseCatalogueLists(await buildListsEdition('february'), ['pacs'])).rejects.toMatchObject({ name: 'CatalogueFormatError' });
  });
});

describe('parse and diff --list on the command line', () => {
  it('parse --list passi prints { source, edition, list, offers }', async () => {
    const r = await runCli(['parse', 'anssi-catalogue', file('february.pdf'), '--list', 'passi']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ source: 'anssi-catalogue', edition: '2026-02-02', list: 'passi', offers: february.lists.passi });
  });

  it('diff --list all prints the events of every list, under its id', async () => {
    const r = await runCli(['diff', 'anssi-catalogue', file('january.pdf'), file('february.pdf'), '--list', 'all']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { source: string; edition: string; lists: Record<string, OfferEvent[]> };
    expect(out.edition).toBe('2026-02-02');
    const strip = (es: OfferEvent[]) => es.map(({ detectedAt: _, ...e }) => e);
    for (const id of IDS) expect(strip(out.lists[id]!), id).toEqual(strip(eventsOf(id)));
  });

  it('an unknown list exits 2 with one line naming it', async () => {
    const r = await runCli(['parse', 'anssi-catalogue', file('february.pdf'), '--list', 'cloud']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: unknown list "cloud"/);
  });
});

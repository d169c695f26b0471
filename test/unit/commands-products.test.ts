/**
 * Chat views of the product lists (decision 0026) on the real December 2025 catalogue: `list cspn`, `list cc` bounded
 * to its developers, `list cc "THALES DIS"` bounded, `status Stormshield` with its certificates, and `history` lines in
 * the lists' words.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LIST_ENTRIES_MAX, LIST_PROVIDERS_MAX } from '../../src/commands/list-other.js';
import type { Block } from '../../src/commands/reply.js';
import { runCommand } from '../../src/commands/run.js';
import { STATUS_LIST_MAX } from '../../src/commands/status-provider.js';
import type { ListState } from '../../src/commands/ports.js';
import type { ChangeEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import { normalizeName } from '../../src/core/normalize.js';
import { fakeCommandDeps, invocation, replyText } from '../support/fake-command-deps.js';
import { decemberProducts, productEvent } from '../support/product-records.js';

const en = invocation({ locale: 'en-US' });
const fr = invocation();
let lists: ListState[];
let products: Record<string, Offer[]>;

beforeAll(async () => {
  products = await decemberProducts();
  lists = Object.entries(products).map(([list, offers]) => ({ list, read: true, held: false, offers, edition: '2025-12-05' }));
}, 60_000);

/** How many records of a list a provider holds, its name compared as the commands compare it. */
const held = (list: string, provider: string): number => products[list]!.filter((o) => normalizeName(o.provider) === normalizeName(provider)).length;
const listItems = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'list' ? b.items : []));

describe('list <product list>', () => {
  it('shows the 39 CSPN certificates by developer, as their count exceeds the bound', async () => {
    const reply = await runCommand('list cspn', en, fakeCommandDeps({ lists }));
    const developers = new Set(products.cspn!.map((o) => normalizeName(o.provider))).size;
    expect(reply.summary).toBe(`39 entries from ${developers} providers`);
    expect(reply.blocks[0]).toEqual({ type: 'heading', text: 'CSPN (first-level security certification)' });
    expect(replyText(reply)).toContain('StorMSHIELD — 2 entries');
    expect(replyText(reply)).toContain('THALES SIX GTS — 5 entries');
  });

  it('bounds the 381 Common Criteria rows to their developers, and a developer\'s to the bound, saying how many are left out', async () => {
    const all = await runCommand('list cc', en, fakeCommandDeps({ lists }));
    expect(all.summary).toMatch(/^381 entries from \d+ providers$/);
    expect(listItems(all.blocks).length).toBeLessThanOrEqual(LIST_PROVIDERS_MAX);
    const thalesCount = held('cc', 'THALES DIS');
    expect(thalesCount).toBeGreaterThan(LIST_ENTRIES_MAX);
    expect(replyText(all)).toContain(`THALES DIS — ${thalesCount} entries`);
    const thales = await runCommand('list cc "thales dis"', en, fakeCommandDeps({ lists }));
    expect(thales.blocks[0]).toEqual({ type: 'heading', text: 'CC (Common Criteria certificates): THALES DIS' });
    expect(listItems(thales.blocks)).toHaveLength(LIST_ENTRIES_MAX);
    expect(replyText(thales)).toContain(`…and ${thalesCount - LIST_ENTRIES_MAX} more, not shown here.`);
  });

  it('lists one developer\'s products with version, certificate, category and period, in French', async () => {
    const reply = await runCommand('liste produits qualifiés Stormshield', fr, fakeCommandDeps({ lists }));
    expect(reply.blocks[0]).toEqual({ type: 'heading', text: 'Produits qualifiés (produits qualifiés et agréés) : Stormshield' });
    const text = replyText(reply);
    expect(text).toContain('Stormshield Network Security v4.3.x — Pare-feu — du 13/02/2025 au 22/03/2027 — décision 234');
    const cspn = replyText(await runCommand('list cspn stormshield', en, fakeCommandDeps({ lists })));
    expect(cspn).toContain('Stormshield Data Security for Google Workspace v4.1.2 — ANSSI-CSPN-2024-09 (https://messervices.cyber.gouv.fr/visas/ANSSI-CSPN-2024-09-Certificat.pdf) — from 21 Oct 2024 to 21 Oct 2027');
  });

  it('says a list not read yet is not read, never that it is empty, and keeps list <type> as it was', async () => {
    const unread = await runCommand('list cspn', en, fakeCommandDeps());
    expect(unread.summary).toContain('CSPN (first-level security certification): not read yet');
    expect((await runCommand('list saas', en, fakeCommandDeps())).summary).toBe('8 qualified offers from 3 providers');
    const bad = await runCommand('list cspn Nobody', en, fakeCommandDeps({ lists }));
    expect(bad.tone).toBe('error');
  });
});

describe('status <developer>', () => {
  it('shows a developer\'s certificates list by list, each list bounded with the command that shows the rest', async () => {
    const stormshield = replyText(await runCommand('status Stormshield', en, fakeCommandDeps({ lists })));
    expect(stormshield).toContain('CSPN (first-level security certification)');
    expect(stormshield).toContain('ANSSI-CSPN-2024-09');
    expect(stormshield).toContain('Qualified products (qualified and approved products)');
    const thales = await runCommand('status "THALES DIS"', en, fakeCommandDeps({ lists }));
    const ccItems = thales.blocks.findIndex((b) => b.type === 'paragraph' && JSON.stringify(b).includes('Common Criteria'));
    const block = thales.blocks[ccItems + 1];
    expect(block?.type === 'list' ? block.items.length : 0).toBe(STATUS_LIST_MAX);
    expect(replyText(thales)).toContain(`…and ${held('cc', 'THALES DIS') - STATUS_LIST_MAX} more: /secnumcloud list cc "THALES DIS" shows them.`);
  });
});

describe('history of product changes', () => {
  it('words each change in its list\'s terms, with the certificate id', async () => {
    const cspn = products.cspn!.find((o) => o.certificate === 'ANSSI-CSPN-2024-09')!;
    const changes: ChangeEvent[] = [productEvent('offer.removed', cspn, { reason: 'archived' }), productEvent('offer.added', cspn)];
    const deps = { ...fakeCommandDeps({ lists }) };
    deps.state = { ...deps.state, latestChanges: async () => changes };
    const text = replyText(await runCommand('history', fr, deps));
    expect(text).toContain('Certificat CSPN déplacé vers les archives : StorMSHIELD — Stormshield Data Security for Google Workspace v4.1.2, ANSSI-CSPN-2024-09 (02/02/2026)');
    expect(text).toContain('Nouveau certificat CSPN : StorMSHIELD');
  });
});

/**
 * Subscriptions to the product lists (decision 0026): `catalogue:cspn provider:Stormshield`, `category:` on the
 * qualified products, product expiry reminders off unless `reminders:products`, and ids of earlier subscriptions kept.
 * Records are the real December 2025 ones.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogueListsOf } from '../../src/commands/grammar.js';
import { runCommand } from '../../src/commands/run.js';
import type { Offer } from '../../src/core/offer.js';
import { planImport, subscriptionsDocumentSchema, toDocument } from '../../src/core/subscription-document.js';
import { receives, subscriptionId, type ChannelRef, type Subscription, type SubscriptionFilter } from '../../src/core/subscriptions.js';
import { PRODUCT_LISTS } from '../../src/core/tracks.js';
import { PRODUCT_LIST_IDS } from '../../src/sources/anssi-catalogue/index.js';
import { CHANNEL, fakeCommandDeps, invocation, replyText } from '../support/fake-command-deps.js';
import { decemberProducts, productEvent, productRecord } from '../support/product-records.js';

const en = invocation({ locale: 'en-US' });
const fr = invocation({ locale: 'fr' });
const filter = (over: Partial<SubscriptionFilter> = {}): SubscriptionFilter => ({ topics: ['qualifications', 'expiry'], providers: [], keywords: [], ...over });

let cspn: Offer; // StorMSHIELD, Stormshield Data Security for Google Workspace 4.1.2, ANSSI-CSPN-2024-09
let firewall: Offer; // Stormshield Network Security 4.3.x, qualified product, category Pare-feu
let encryptor: Offer; // the same product as an encryptor (category Chiffreurs)
let cc: Offer;

beforeAll(async () => {
  cspn = await productRecord('cspn', (o) => o.certificate === 'ANSSI-CSPN-2024-09');
  firewall = await productRecord('qualified-products', (o) => o.provider === 'Stormshield' && o.category === 'Pare-feu');
  encryptor = await productRecord('qualified-products', (o) => o.provider === 'Stormshield' && o.category === 'Chiffreurs');
  cc = (await decemberProducts()).cc![0]!;
}, 60_000);

describe('the product lists in the grammar', () => {
  it('are the lists the reader reads, named by id, short name or alias, and `products` stands for the five', () => {
    expect([...PRODUCT_LISTS]).toEqual([...PRODUCT_LIST_IDS]);
    expect(catalogueListsOf(['CSPN'])).toEqual({ lists: ['cspn'] });
    expect(catalogueListsOf(['Critères communs', 'Common Criteria'])).toEqual({ lists: ['cc'] });
    expect(catalogueListsOf(['produits qualifiés'])).toEqual({ lists: ['qualified-products'] });
    expect(catalogueListsOf(['Qualified products,protection-profiles'])).toEqual({ lists: ['qualified-products', 'protection-profiles'] });
    expect(catalogueListsOf(['produits'])).toEqual({ lists: [...PRODUCT_LISTS] });
    expect(catalogueListsOf(['passi,products'])).toEqual({ lists: ['passi', ...PRODUCT_LISTS] });
    expect(catalogueListsOf(['sites certifiés'])).toEqual({ lists: ['sites'] });
    expect(catalogueListsOf(['cspn,all'])).toEqual({ lists: ['all'] });
  });
});

describe('receiving product events', () => {
  it('catalogue:cspn provider:Stormshield receives the developer\'s certificates, however it is spelled, and nothing else', () => {
    const sub = filter({ lists: ['cspn'], providers: ['Stormshield'] });
    expect(cspn.provider).toBe('StorMSHIELD');
    expect(receives(sub, productEvent('offer.added', cspn))).toBe(true);
    expect(receives(sub, productEvent('offer.added', { ...cspn, provider: 'Thales' }))).toBe(false);
    expect(receives(sub, productEvent('offer.added', firewall))).toBe(false); // another list
    expect(receives(filter({ providers: ['Stormshield'] }), productEvent('offer.added', cspn))).toBe(false); // SecNumCloud alone
    expect(receives(filter({ lists: ['all'] }), productEvent('offer.removed', cc))).toBe(true);
  });

  it('category: keeps the qualified products of a category, before or after the change, and leaves other lists alone', () => {
    const sub = filter({ lists: ['qualified-products', 'cspn'], categories: ['pare-feu'] });
    expect(receives(sub, productEvent('offer.added', firewall))).toBe(true);
    expect(receives(sub, productEvent('offer.added', encryptor))).toBe(false);
    expect(receives(sub, productEvent('offer.updated', { ...encryptor }, { previous: { ...encryptor, category: 'Pare-feu' } }))).toBe(true);
    expect(receives(sub, productEvent('offer.added', cspn))).toBe(true); // CSPN has no categories
    expect(receives(filter({ lists: ['qualified-products'], categories: ['Chiffreurs', 'Pare-feu'] }), productEvent('offer.added', encryptor))).toBe(true);
  });

  it('keeps product expiry reminders off unless the subscription asks, and leaves the service lists\' as they were', () => {
    const reminder = productEvent('offer.expiring', cspn, { reminder: { window: 30, daysLeft: 12 } });
    expect(receives(filter({ lists: ['cspn'] }), reminder)).toBe(false);
    expect(receives(filter({ lists: ['all'] }), reminder)).toBe(false);
    expect(receives(filter({ lists: ['cspn'], productReminders: true }), reminder)).toBe(true);
    expect(receives(filter({ lists: ['cspn'], productReminders: true }), productEvent('offer.added', cspn))).toBe(true);
    const passi: Offer = { list: 'passi', provider: 'Wavestone', types: [], status: 'qualified', qualifiedUntil: '2026-03-01' };
    expect(receives(filter({ lists: ['passi'] }), productEvent('offer.expiring', passi, { reminder: { window: 30, daysLeft: 12 } }))).toBe(true);
  });
});

describe('ids of product subscriptions', () => {
  const slack: ChannelRef = { platform: 'slack', workspace: 'T0FAKE0001', channel: 'C0LEGACY1' };
  it('stay what the version before them computed for subscriptions without the new fields', () => {
    // Values computed by the tracker before categories and productReminders existed.
    expect(subscriptionId(slack, ['qualifications'], [], [], { lists: ['passi'] })).toBe('s29075f');
    expect(subscriptionId(slack, ['qualifications', 'expiry'], ['Stormshield'], [], { lists: ['cspn'], categories: [], productReminders: false })).toBe('scb7dcf');
    expect(subscriptionId(slack, ['qualifications'], [], [], { types: ['IaaS'], lists: ['all'] })).toBe('s01ffc2');
    expect(subscriptionId(slack, ['qualifications'], [], [])).toBe('s5dae8b');
  });

  it('tell categories and product reminders apart, whatever the case or order of categories', () => {
    const base = subscriptionId(slack, ['expiry'], [], [], { lists: ['cspn'] });
    const reminded = subscriptionId(slack, ['expiry'], [], [], { lists: ['cspn'], productReminders: true });
    expect(reminded).not.toBe(base);
    const cat = subscriptionId(slack, ['qualifications'], [], [], { lists: ['qualified-products'], categories: ['Pare-feu', 'Chiffreurs'] });
    expect(subscriptionId(slack, ['qualifications'], [], [], { lists: ['qualified-products'], categories: ['chiffreurs', 'PARE-FEU'] })).toBe(cat);
    expect(cat).not.toBe(subscriptionId(slack, ['qualifications'], [], [], { lists: ['qualified-products'] }));
  });
});

describe('subscribe to products in chat', () => {
  it('subscribes catalogue:cspn provider:Stormshield, knowing the developer from the product list', async () => {
    const deps = fakeCommandDeps({ lists: [{ list: 'cspn', read: true, held: false, offers: [cspn], edition: '2025-12-05' }] });
    const reply = replyText(await runCommand('subscribe qualifications catalogue:cspn provider:Stormshield', en, deps));
    const [stored] = await deps.subscriptions.list(CHANNEL);
    expect(stored).toMatchObject({ lists: ['cspn'], providers: ['StorMSHIELD'] });
    expect(stored?.categories).toBeUndefined();
    expect(stored?.productReminders).toBeUndefined();
    expect(stored?.id).toBe(subscriptionId(CHANNEL, ['qualifications'], ['StorMSHIELD'], [], { lists: ['cspn'] }));
    expect(reply).toContain('lists CSPN (first-level security certification)');
    expect(reply).not.toContain('neither in the catalogue');
  });

  it('takes catégorie: in French, choosing the qualified products when no list is named, and says so', async () => {
    const deps = fakeCommandDeps();
    const reply = replyText(await runCommand('abonner qualifications catégorie:Pare-feu,Chiffreurs', fr, deps));
    const [stored] = await deps.subscriptions.list(CHANNEL);
    expect(stored).toMatchObject({ lists: ['qualified-products'], categories: ['Pare-feu', 'Chiffreurs'] });
    expect(reply).toContain('Produits qualifiés (produits qualifiés et agréés)');
    expect(reply).toContain('uniquement les produits qualifiés de la catégorie Pare-feu ou Chiffreurs');
  });

  it('asks for product reminders with reminders:products (rappels:produits), and says when a channel has none', async () => {
    const deps = fakeCommandDeps();
    const off = replyText(await runCommand('subscribe expiry catalogue:cspn', en, deps));
    expect(off).toContain('none for certified and qualified products (add reminders:products)');
    const on = replyText(await runCommand('subscribe expiry catalogue:products reminders:products', en, deps));
    expect(on).toContain('certified and qualified products included');
    const subs = await deps.subscriptions.list(CHANNEL);
    expect(subs.find((s) => s.productReminders)?.lists).toEqual([...PRODUCT_LISTS]);
    const deps2 = fakeCommandDeps();
    await runCommand('abonner all référentiel:cspn rappels:produits', fr, deps2);
    expect((await deps2.subscriptions.list(CHANNEL))[0]?.productReminders).toBe(true);
  });

  it('notes a category no qualified product is in, naming the printed ones, and keeps the filter', async () => {
    const { decemberProducts: read } = await import('../support/product-records.js');
    const offers = (await read())['qualified-products']!;
    const deps = fakeCommandDeps({ lists: [{ list: 'qualified-products', read: true, held: false, offers, edition: '2025-12-05' }] });
    const reply = replyText(await runCommand('subscribe qualifications category:Pare-feux,chiffreurs', en, deps));
    expect(reply).toContain('No qualified product is in a category named Pare-feux in the latest edition: the filter is kept');
    expect(reply).toContain('Pare-feu, ');
    expect(reply).not.toContain('category named chiffreurs');
    expect((await deps.subscriptions.list(CHANNEL))[0]?.categories).toEqual(['Pare-feux', 'chiffreurs']);
  });

  it('lists a channel\'s product subscriptions with their category and reminders', async () => {
    const deps = fakeCommandDeps();
    await runCommand('subscribe all catalogue:qualified-products category:Pare-feu reminders:products', en, deps);
    const text = replyText(await runCommand('subscriptions', en, deps));
    expect(text).toContain('lists Qualified products (qualified and approved products) — qualified products in Pare-feu only — expiry reminders: certified and qualified products included');
  });

  it('rebuilds Discord\'s category and product reminders options as the grammar reads them', async () => {
    const { commandText } = await import('../../src/platforms/discord/commands.js');
    const values: Record<string, string> = { topic: 'expiry', catalogue: 'cspn, qualified-products', category: 'Modules matériels de sécurité' };
    const options = { getSubcommand: () => 'subscribe', getString: (n: string) => values[n] ?? null, getBoolean: (n: string) => n === 'product_reminders' };
    const text = commandText({ options } as unknown as Parameters<typeof commandText>[0]);
    expect(text).toBe('subscribe expiry catalogue:"cspn, qualified-products" category:"Modules matériels de sécurité" reminders:products');
    const list = { getSubcommand: () => 'list', getString: (n: string) => ({ catalogue: 'cc', provider: 'THALES DIS' })[n] ?? null, getBoolean: () => null };
    expect(commandText({ options: list } as unknown as Parameters<typeof commandText>[0])).toBe('list cc "THALES DIS"');
  });

  it('refuses product filters that would change nothing, saying why, and stores nothing', async () => {
    const deps = fakeCommandDeps();
    const said = async (text: string): Promise<string> => replyText(await runCommand(text, en, deps));
    expect(await said('subscribe qualifications reminders:products catalogue:cspn')).toContain('add expiry');
    expect(await said('subscribe expiry reminders:products catalogue:passi')).toContain('is for the product lists');
    expect(await said('subscribe expiry reminders:yes catalogue:cspn')).toContain('Unknown reminders “yes”');
    expect(await said('subscribe qualifications category:Pare-feu catalogue:cspn')).toContain('add it to catalogue:');
    expect(await said('subscribe news category:Pare-feu')).toContain('category: chooses qualified products');
    expect(await deps.subscriptions.list(CHANNEL)).toEqual([]);
  });
});

describe('the export document with product filters', () => {
  it('is version 4 with categories or product reminders, which version 3 cannot claim; without them as before', () => {
    const sub: Subscription = {
      id: subscriptionId(CHANNEL, ['expiry'], [], [], { lists: ['qualified-products'], categories: ['Pare-feu'], productReminders: true }),
      channel: CHANNEL, topics: ['expiry'], providers: [], keywords: [], lists: ['qualified-products'], categories: ['Pare-feu'], productReminders: true, createdAt: '2026-01-01T00:00:00Z',
    };
    const doc = toDocument([sub], [], [], new Date('2026-02-01T00:00:00Z'));
    expect(doc.version).toBe(4);
    expect(doc.channels[0]?.subscriptions[0]).toMatchObject({ categories: ['Pare-feu'], productReminders: true });
    expect(subscriptionsDocumentSchema.safeParse(doc).success).toBe(true);
    const claimed = subscriptionsDocumentSchema.safeParse({ ...doc, version: 3 });
    expect(claimed.error?.issues.map((i) => i.message)).toEqual(['categories needs version 4 of the document (this one says version 3)', 'productReminders needs version 4 of the document (this one says version 3)']);
    const imported = planImport({ subscriptions: [], languages: [], paused: [] }, subscriptionsDocumentSchema.parse(JSON.parse(JSON.stringify(doc))));
    expect(imported.subscriptions).toEqual([sub]);
    expect(planImport({ subscriptions: [sub], languages: [], paused: [] }, doc).counts).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    const { categories: _c, productReminders: _p, ...plain } = sub;
    expect(toDocument([{ ...plain, id: subscriptionId(CHANNEL, ['expiry'], [], [], { lists: ['qualified-products'] }) }], [], [], new Date()).version).toBe(3);
  });
});

describe('subscriptions add --category --product-reminders', () => {
  it('gives a target the product filters chat would, and refuses what chat refuses, naming the option', async () => {
    const { planAdd } = await import('../../src/cli/subscriptions-manage.js');
    const base = { url: 'https://hooks.example.org/secnumcloud', topics: 'qualifications,expiry', provider: [], keyword: [], type: [], exclude: [] };
    const plan = planAdd('webhook', { ...base, category: ['Pare-feu'], productReminders: true }, false, new Date('2026-02-01T00:00:00Z'));
    expect(plan.sub).toMatchObject({ lists: ['qualified-products'], categories: ['Pare-feu'], productReminders: true });
    expect(planAdd('webhook', base, false, new Date()).sub.productReminders).toBeUndefined();
    expect(() => planAdd('webhook', { ...base, catalogue: ['passi'], productReminders: true }, false, new Date())).toThrow(/--product-reminders: .*product lists/);
    expect(() => planAdd('webhook', { ...base, catalogue: ['cspn'], category: ['Pare-feu'] }, false, new Date())).toThrow(/--category: /);
  });
});

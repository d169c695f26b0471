import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import type { OfferEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import { subscriptionsDocumentSchema, toDocument } from '../../src/core/subscription-document.js';
import { receives, subscriptionId, type SubscriptionFilter, type Subscription } from '../../src/core/subscriptions.js';
import { CHANNEL, fakeCommandDeps, invocation, replyText } from '../support/fake-command-deps.js';

const en = invocation({ locale: 'en-US' });
const fr = invocation({ locale: 'fr' });

const snc: Offer = { provider: 'OVHcloud', service: 'Hosted Private Cloud', types: ['IaaS'], status: 'qualified', decision: '1', qualifiedFrom: '2024-01-01', qualifiedUntil: '2027-01-01' };
const passi: Offer = { list: 'passi', provider: 'Wavestone', types: [], level: 'Elevé', status: 'qualified', decision: '2', qualifiedFrom: '2024-01-01', qualifiedUntil: '2027-01-01' };
const added = (offer: Offer): OfferEvent => ({ id: `e-${offer.provider}`, kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-02-02T08:00:00Z', offer });
const filter = (over: Partial<SubscriptionFilter> = {}): SubscriptionFilter => ({ topics: ['qualifications', 'expiry'], providers: [], keywords: [], ...over });

describe('subscriptions by catalogue list', () => {
  it('means SecNumCloud without a list filter, as every subscription made before lists did', () => {
    expect(receives(filter(), added(snc))).toBe(true);
    expect(receives(filter(), added(passi))).toBe(false);
    expect(receives(filter({ lists: ['passi'] }), added(passi))).toBe(true);
    expect(receives(filter({ lists: ['passi'] }), added(snc))).toBe(false);
    expect(receives(filter({ lists: ['passi', 'secnumcloud'] }), added(snc))).toBe(true);
    expect(receives(filter({ lists: ['all'] }), added(passi))).toBe(true);
    expect(receives(filter({ lists: ['pris'] }), added(passi))).toBe(false);
  });

  it('applies type: to SecNumCloud only, and a provider filter to every list', () => {
    expect(receives(filter({ lists: ['all'], types: ['SaaS'] }), added(passi))).toBe(true);
    expect(receives(filter({ lists: ['all'], types: ['SaaS'] }), added(snc))).toBe(false);
    expect(receives(filter({ lists: ['passi'], providers: ['Wavestone'] }), added(passi))).toBe(true);
    expect(receives(filter({ lists: ['passi'], providers: ['Orange'] }), added(passi))).toBe(false);
  });

  it('keeps the ids of subscriptions without lists, and gives lists their own', () => {
    const plain = subscriptionId(CHANNEL, ['qualifications'], [], []);
    expect(subscriptionId(CHANNEL, ['qualifications'], [], [], { lists: [] })).toBe(plain);
    const withPassi = subscriptionId(CHANNEL, ['qualifications'], [], [], { lists: ['passi'] });
    expect(withPassi).not.toBe(plain);
    expect(subscriptionId(CHANNEL, ['qualifications'], [], [], { lists: ['pris', 'passi'] })).toBe(subscriptionId(CHANNEL, ['qualifications'], [], [], { lists: ['passi', 'pris'] }));
  });

  it('subscribes with catalogue: (référentiel: in French), several lists at once, and says them in words', async () => {
    const deps = fakeCommandDeps();
    const reply = await runCommand('subscribe qualifications catalogue:PASSI,pris', en, deps);
    const [stored] = await deps.subscriptions.list(CHANNEL);
    expect(stored?.lists).toEqual(['passi', 'pris']);
    expect(stored?.id).toBe(subscriptionId(CHANNEL, ['qualifications'], [], [], { lists: ['passi', 'pris'] }));
    expect(replyText(reply)).toContain('lists PASSI (information system security audit) and PRIS (security incident response)');
    const deps2 = fakeCommandDeps();
    const replyFr = await runCommand('subscribe qualifications référentiel:tous', fr, deps2);
    expect((await deps2.subscriptions.list(CHANNEL))[0]?.lists).toEqual(['all']);
    expect(replyText(replyFr)).toContain('toutes les listes du catalogue');
  });

  it('refuses an unknown list, naming the known ones, and a list filter on news alone', async () => {
    const deps = fakeCommandDeps();
    const bad = replyText(await runCommand('subscribe qualifications catalogue:pasi', en, deps));
    expect(bad).toContain('Unknown catalogue list “pasi”');
    expect(bad).toContain('passi');
    expect(replyText(await runCommand('subscribe news catalogue:passi', en, deps))).toContain('news are not filtered by list');
    expect(await deps.subscriptions.list(CHANNEL)).toEqual([]);
  });

  it('exports lists in version 3 of the document, which an older version cannot claim', () => {
    const sub: Subscription = { id: subscriptionId(CHANNEL, ['qualifications'], [], [], { lists: ['passi'] }), channel: CHANNEL, topics: ['qualifications'], providers: [], keywords: [], lists: ['passi'], createdAt: '2026-01-01T00:00:00Z' };
    const doc = toDocument([sub], [], [], new Date('2026-02-01T00:00:00Z'));
    expect(doc.version).toBe(3);
    expect(subscriptionsDocumentSchema.safeParse(doc).success).toBe(true);
    const claimed = subscriptionsDocumentSchema.safeParse({ ...doc, version: 2 });
    expect(claimed.success).toBe(false);
    expect(JSON.stringify(claimed.error?.issues)).toContain('lists needs version 3');
    const { lists: _lists, ...plain } = sub;
    expect(toDocument([{ ...plain, id: subscriptionId(CHANNEL, ['qualifications'], [], []) }], [], [], new Date()).version).toBe(1);
  });
});

describe('alerts of another list', () => {
  it('name the list and its level, and never print a missing service', async () => {
    const { alertReply } = await import('../../src/commands/alert.js');
    const fr = alertReply({ event: added(passi) } as never, 'fr');
    expect(fr.summary).toBe('Nouvelle qualification PASSI : Wavestone');
    const text = JSON.stringify(fr.blocks);
    expect(text).toContain('PASSI (audit de la sécurité des systèmes d’information)');
    expect(text).toContain('Elevé');
    expect(text).not.toContain('undefined');
    const removed = alertReply({ event: { ...added(passi), kind: 'offer.removed' } } as never, 'en');
    expect(removed.summary).toBe("Removed from the catalogue's PASSI list: Wavestone");
    // SecNumCloud's words stay what they were.
    expect(alertReply({ event: added(snc) } as never, 'fr').summary).toBe('Nouvelle qualification SecNumCloud : OVHcloud — Hosted Private Cloud');
  });
});

describe('status with other lists', () => {
  it('counts each other list, says "not read yet" rather than 0, and says when one is held', async () => {
    const deps = fakeCommandDeps({
      lists: [
        { list: 'passi', read: true, held: true, offers: [passi], edition: '2025-12-05' },
        { list: 'pris', read: false, held: false, offers: [] },
      ],
    });
    const text = replyText(await runCommand('status', en, deps));
    expect(text).toContain('Other catalogue lists');
    expect(text).toMatch(/PASSI: 1 entry — a newer document is held for checking/);
    expect(text).toMatch(/PRIS: not read yet/);
    expect(text).not.toMatch(/PRIS: 0/);
    const alone = replyText(await runCommand('status', en, fakeCommandDeps()));
    expect(alone).not.toContain('Other catalogue lists');
  });
});

describe('subscriptions add --catalogue', () => {
  it('gives a target the lists chat would, and refuses an unknown one naming the option', async () => {
    const { planAdd } = await import('../../src/cli/subscriptions-manage.js');
    const base = { url: 'https://hooks.example.org/secnumcloud', topics: 'qualifications', provider: [], keyword: [], type: [], exclude: [] };
    const plan = planAdd('webhook', { ...base, catalogue: ['pris,PASSI'] }, false, new Date('2026-02-01T00:00:00Z'));
    expect(plan.sub.lists).toEqual(['passi', 'pris']);
    expect(planAdd('webhook', base, false, new Date()).sub.lists).toBeUndefined();
    expect(() => planAdd('webhook', { ...base, catalogue: ['pasi'] }, false, new Date())).toThrow(/--catalogue: pasi/);
  });
});

describe('alerts link the provider page when PUBLIC_URL is set', () => {
  it('adds the link to offer alerts, and nothing without PUBLIC_URL', async () => {
    const { alertReply } = await import('../../src/commands/alert.js');
    const linked = JSON.stringify(alertReply({ deliveryId: 'd1', event: added(snc) }, 'en', { publicUrl: 'https://tracker.example.org/snc/' }).blocks);
    expect(linked).toContain('"link":"https://tracker.example.org/snc/providers/ovhcloud"');
    expect(linked).toContain('OVHcloud: its whole story');
    expect(JSON.stringify(alertReply({ deliveryId: 'd1', event: added(snc) }, 'en').blocks)).not.toContain('/providers/');
  });

  it('reaches Slack through the sender built with PUBLIC_URL', async () => {
    const { createSlackSender } = await import('../../src/platforms/slack/sender.js');
    const posted: unknown[] = [];
    const client = { chat: { postMessage: async (m: unknown) => (posted.push(m), { ok: true, ts: '1.0' }) }, conversations: { history: async () => ({ ok: true, messages: [] }) } };
    const sender = createSlackSender(client as never, { publicUrl: 'https://tracker.example.org' });
    await sender.send({ platform: 'slack', workspace: 'T1', channel: 'C1' }, { deliveryId: 'd1', event: added(passi) }, 'fr', 1);
    expect(JSON.stringify(posted)).toContain('https://tracker.example.org/providers/wavestone');
  });
});

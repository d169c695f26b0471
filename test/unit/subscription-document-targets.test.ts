import { describe, expect, it } from 'vitest';
import { planImport, subscriptionsDocumentSchema, toDocument } from '../../src/core/subscription-document.js';
import { subscriptionId, type ChannelRef, type Subscription } from '../../src/core/subscriptions.js';
import { toMatrix } from '../../src/platforms/matrix/format.js';

const hook: ChannelRef = { platform: 'webhook', workspace: 'targets', channel: 'soc' };
const slack: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C1' };
const sub = (channel: ChannelRef): Subscription => ({ id: subscriptionId(channel, ['news'], [], []), channel, topics: ['news'], providers: [], keywords: [], createdAt: '2026-12-01T00:00:00.000Z' });
const target = { url: 'https://hooks.example.com/in/tok-123456', secret: 'whsec_0123456789abcdef' };
const at = new Date('2026-12-02T00:00:00.000Z');

describe('the subscriptions document with targets (version 3)', () => {
  it('is version 3 with a target, its credentials marked unless asked for; without one, as before', () => {
    const stored = new Map([['webhook/targets/soc', target]]);
    const plain = toDocument([sub(hook), sub(slack)], [], [], at, { stored, secrets: false });
    expect(plain.version).toBe(3);
    expect(plain.channels.find((c) => c.platform === 'webhook')?.target).toEqual({ secrets: 'omitted' });
    expect(JSON.stringify(plain)).not.toContain('tok-123456');
    const full = toDocument([sub(hook)], [], [], at, { stored, secrets: true });
    expect(full.channels[0]!.target).toEqual(target);
    expect(toDocument([sub(slack)], [], [], at, { stored, secrets: true }).version).toBe(1);
  });

  it('refuses a target channel in a version 2 document, and credentials on a chat channel', () => {
    const doc = JSON.parse(JSON.stringify(toDocument([sub(hook), sub(slack)], [], [], at)));
    doc.version = 2;
    expect(subscriptionsDocumentSchema.safeParse(doc).error?.issues.map((i) => i.message)).toEqual(['webhook needs version 3 of the document (this one says version 2)']);
    doc.version = 3;
    doc.channels.find((c: { platform: string }) => c.platform === 'slack').target = target;
    expect(subscriptionsDocumentSchema.safeParse(doc).error?.issues.map((i) => i.message)).toEqual(['a slack channel has no target credentials']);
  });

  it('carries an e-mail target\'s address only with secrets, and refuses an address on a URL target or a URL on an e-mail one', () => {
    const mail: ChannelRef = { platform: 'email', workspace: 'targets', channel: 'email-0a1b2c3d4e' };
    const address = { address: 'rssi@ministere.example.fr', digest: 'daily' as const };
    const stored = new Map<string, typeof target | typeof address>([['email/targets/email-0a1b2c3d4e', address], ['webhook/targets/soc', target]]);
    const plain = toDocument([sub(mail), sub(hook)], [], [], at, { stored, secrets: false });
    expect(JSON.stringify(plain)).not.toContain('rssi@');
    expect(plain.channels.find((c) => c.platform === 'email')?.target).toEqual({ secrets: 'omitted' });
    const full = JSON.parse(JSON.stringify(toDocument([sub(mail), sub(hook)], [], [], at, { stored, secrets: true })));
    expect(full.channels.find((c: { platform: string }) => c.platform === 'email').target).toEqual(address);
    expect(planImport({ subscriptions: [], languages: [], paused: [] }, subscriptionsDocumentSchema.parse(full)).targets).toContainEqual({ channel: mail, target: address });
    full.channels.find((c: { platform: string }) => c.platform === 'email').target = target;
    full.channels.find((c: { platform: string }) => c.platform === 'webhook').target = address;
    expect(subscriptionsDocumentSchema.safeParse(full).error?.issues.map((i) => i.message)).toEqual(['an e-mail target takes { address, digest }', 'a webhook target takes { url, secret }, not an address']);
  });

  it('imports credentials that differ, counts targets left without any, and a second import changes nothing', () => {
    const doc = subscriptionsDocumentSchema.parse(JSON.parse(JSON.stringify(toDocument([sub(hook)], [], [], at, { stored: new Map([['webhook/targets/soc', target]]), secrets: true }))));
    const empty = { subscriptions: [], languages: [], paused: [] };
    const plan = planImport(empty, doc);
    expect(plan.targets).toEqual([{ channel: hook, target }]);
    expect(plan.counts).toMatchObject({ added: 1, targetsSet: 1, targetsMissing: 0 });
    const again = planImport({ subscriptions: plan.subscriptions, languages: [], paused: [], targets: new Map([['webhook/targets/soc', target]]) }, doc);
    expect([again.subscriptions, again.targets, again.counts.targetsSet]).toEqual([[], [], 0]);
    const blind = subscriptionsDocumentSchema.parse(JSON.parse(JSON.stringify(toDocument([sub(hook)], [], [], at, { stored: new Map([['webhook/targets/soc', target]]), secrets: false }))));
    expect(planImport(empty, blind).counts).toMatchObject({ targetsSet: 0, targetsMissing: 1 });
  });
});

describe('a Matrix message', () => {
  it('escapes text, keeps only http(s) links as links, and mentions no one', () => {
    const m = toMatrix({ visibility: 'channel', tone: 'info', summary: 'Résumé <b>', blocks: [
      { type: 'paragraph', content: ['@room <script>', { link: 'javascript:alert(1)', label: 'x' }, { link: 'https://cyber.gouv.fr/a?b=1&c=2', label: 'ANSSI' }] },
    ] });
    expect(m['m.mentions']).toEqual({});
    expect(m.formatted_body).toBe('<h4>Résumé &#60;b&#62;</h4><p>@room &#60;script&#62;x (javascript:alert(1))<a href="https://cyber.gouv.fr/a?b=1&#38;c=2">ANSSI</a></p>');
    expect(m.body).toBe('Résumé <b>\n\n@room <script>x (javascript:alert(1))ANSSI (https://cyber.gouv.fr/a?b=1&c=2)');
  });
});

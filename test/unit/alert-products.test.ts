/**
 * Alerts about certified and qualified products (decision 0026), on records of the real December 2025 catalogue: the
 * list and the change in words, version and certificate id, its three documents as links on every platform, the
 * category of a qualified product, "no longer maintained", a removal's reason, and a renewal or update explained by
 * the certificate ids.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { alertReply } from '../../src/commands/alert.js';
import type { OfferEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import { toConsoleLine } from '../../src/platforms/console/format.js';
import { toDiscord } from '../../src/platforms/discord/format.js';
import { toMatrix } from '../../src/platforms/matrix/format.js';
import { toSlack } from '../../src/platforms/slack/format.js';
import { toWebhookPayload } from '../../src/platforms/webhook/payload.js';
import { productEvent, productRecord } from '../support/product-records.js';

let cspn: Offer;
let firewall: Offer;
let cc: Offer;
const alert = (e: OfferEvent, lang: 'fr' | 'en') => alertReply({ deliveryId: 'dl-1', event: e }, lang);
const VISAS = 'https://messervices.cyber.gouv.fr/visas/ANSSI-CSPN-2024-09';

beforeAll(async () => {
  cspn = await productRecord('cspn', (o) => o.certificate === 'ANSSI-CSPN-2024-09');
  firewall = await productRecord('qualified-products', (o) => o.provider === 'Stormshield' && o.category === 'Pare-feu');
  cc = await productRecord('cc', (o) => o.certificate === 'ANSSI-CC-2024-41');
}, 60_000);

describe('a new product certificate', () => {
  it('names the list, the developer, the product with its version and the certificate id, in French and English', () => {
    expect(alert(productEvent('offer.added', cspn), 'en').summary).toBe('New CSPN certificate: StorMSHIELD — Stormshield Data Security for Google Workspace v4.1.2, ANSSI-CSPN-2024-09');
    expect(alert(productEvent('offer.added', cspn), 'fr').summary).toBe('Nouveau certificat CSPN : StorMSHIELD — Stormshield Data Security for Google Workspace v4.1.2, ANSSI-CSPN-2024-09');
    expect(alert(productEvent('offer.added', cc), 'en').summary).toMatch(/^New CC certificate: .+, ANSSI-CC-2024-41$/);
  });

  it('links the certificate, its report and its security target on Slack, Discord, Matrix and the console', () => {
    const reply = alert(productEvent('offer.added', cspn), 'en');
    const slack = JSON.stringify(toSlack(reply));
    expect(slack).toContain(`<${VISAS}-Certificat.pdf|ANSSI-CSPN-2024-09> · <${VISAS}-Rapport.pdf|certification report> · <${VISAS}-Cible.pdf|security target>`);
    const discord = JSON.stringify(toDiscord(reply));
    expect(discord).toContain(`[ANSSI-CSPN-2024-09](<${VISAS}-Certificat.pdf>)`);
    expect(discord).toContain(`[security target](<${VISAS}-Cible.pdf>)`);
    const matrix = toMatrix(reply);
    expect(matrix.formatted_body).toContain(`<a href="${VISAS}-Rapport.pdf">certification report</a>`);
    expect(matrix.body).toContain('CSPN (first-level security certification)');
    const line = toConsoleLine(alert(productEvent('offer.added', cspn), 'fr'));
    expect(line).toContain(`rapport de certification (${VISAS}-Rapport.pdf)`);
    expect(line).toContain('CESTI : AMOSSYS');
    expect(line).not.toContain('undefined');
  });

  it('gives a qualified product its category, approval and decision', () => {
    const reply = alert(productEvent('offer.added', firewall), 'fr');
    expect(reply.summary).toBe('Nouveau produit qualifié : Stormshield — Stormshield Network Security v4.3.x');
    const text = JSON.stringify(toSlack(reply));
    expect(text).toContain('*Catégorie*\\nPare-feu');
    expect(text).toContain("*Niveau d'agrément*\\nDR");
    expect(text).toContain(`<${firewall.decisionUrl}|décision n° 234>`);
  });

  it('says "no longer maintained" for a certificate whose end date reads Non maintenu', () => {
    const { qualifiedUntil: _u, ...rest } = cc;
    const unmaintained: Offer = { ...rest, maintained: false };
    expect(JSON.stringify(toDiscord(alert(productEvent('offer.updated', unmaintained), 'en')))).toContain('**No longer maintained**');
    expect(toConsoleLine(alert(productEvent('offer.updated', unmaintained), 'fr'))).toContain('Non maintenu');
  });
});

describe('a product leaving its list', () => {
  it('says whether it moved to the archive, lapsed, or left without a reason', () => {
    const removed = (reason?: 'archived' | 'lapsed') => productEvent('offer.removed', cspn, reason ? { reason } : {});
    expect(alert(removed('archived'), 'en').summary).toMatch(/^CSPN certificate moved to the archive: StorMSHIELD/);
    expect(alert(removed('archived'), 'fr').summary).toMatch(/^Certificat CSPN déplacé vers les archives : StorMSHIELD/);
    expect(alert(removed('lapsed'), 'en').summary).toMatch(/^CSPN certificate lapsed: /);
    expect(alert(removed('lapsed'), 'fr').summary).toMatch(/^Certificat CSPN arrivé à échéance : /);
    expect(alert(removed(), 'en').summary).toMatch(/^CSPN certificate removed from the catalogue: /);
    expect(alert(productEvent('offer.removed', firewall, { reason: 'lapsed' }), 'en').summary).toMatch(/^Qualified product lapsed: Stormshield/);
  });

  it('keeps the webhook payload as it was, the event carrying its reason', () => {
    const payload = toWebhookPayload('hooks', { deliveryId: 'dl-1', event: productEvent('offer.removed', cspn, { reason: 'archived' }) }, 'en');
    const [item] = payload.items;
    expect(payload.version).toBe(1);
    expect(item && 'event' in item && item.event.kind === 'offer.removed' && 'reason' in item.event ? item.event.reason : undefined).toBe('archived');
    expect(item?.summary).toMatch(/^CSPN certificate moved to the archive: /);
  });
});

describe('a product renewed or updated', () => {
  const withId = (o: Offer, certificate: string): Offer => ({ ...o, certificate });
  it('reads a new version, a reassessment and a maintenance report from the certificate ids', () => {
    const renewed = (before: string, after: string, kind: OfferEvent['kind'] = 'offer.renewed') =>
      alert(productEvent(kind, withId(cc, after), { previous: withId(cc, before) }), 'en');
    const v2 = renewed('ANSSI-CC-2024-41', 'ANSSI-CC-2024-41v2');
    expect(v2.summary).toMatch(/^CC certificate renewed: .+, ANSSI-CC-2024-41v2$/);
    expect(JSON.stringify(v2.blocks)).toContain('Previously ANSSI-CC-2024-41 (a new version of the certificate)');
    expect(JSON.stringify(renewed('ANSSI-CC-2024-41', 'ANSSI-CC-2024-41-R01').blocks)).toContain('(reassessed: the certificate renewed)');
    const m01 = alert(productEvent('offer.updated', withId(cc, 'ANSSI-CC-2024-41-M01'), { previous: cc, changes: ['certificate'] }), 'fr');
    expect(m01.summary).toMatch(/^Certificat CC mis à jour : /);
    expect(JSON.stringify(m01.blocks)).toContain('Auparavant ANSSI-CC-2024-41 (rapport de maintenance ou de surveillance)');
  });

  it('names a renamed developer in both states, and an expiry reminder in the list\'s words', () => {
    const renamed = alert(productEvent('offer.renamed', cspn, { previous: { ...cspn, provider: 'Stormshield SAS' } }), 'en');
    expect(renamed.summary).toMatch(/^CSPN certificate renamed: StorMSHIELD/);
    expect(JSON.stringify(renamed.blocks)).toContain('Before: Stormshield SAS — Stormshield Data Security for Google Workspace v4.1.2');
    const soon = alert(productEvent('offer.expiring', cspn, { reminder: { window: 30, daysLeft: 12 } }), 'fr');
    expect(soon.summary).toMatch(/^Certificat CSPN : fin de validité proche : /);
    expect(JSON.stringify(soon.blocks)).toContain('se termine dans 12 jours');
  });
});

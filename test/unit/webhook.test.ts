import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { OfferEvent } from '../../src/core/events.js';
import { isNotPublic } from '../../src/platforms/target-address.js';
import { toWebhookPayload } from '../../src/platforms/webhook/payload.js';
import { classifyError, classifyStatus } from '../../src/platforms/target-answers.js';
import { sign, verify } from '../../src/platforms/webhook/signature.js';
import { AddressRefusedError } from '../../src/platforms/target-address.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../docs/webhook-v1.schema.json', import.meta.url), 'utf8')) as object);
const offers = catalogueSnapshot().offers;
const event = (i: number): OfferEvent => ({ id: `e${i}`, kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-12-01T09:00:00.000Z', offer: offers[i]! });
const dl = (i: number): string => `dl${String(i).padStart(24, '0')}`;

describe('the webhook payload', () => {
  it('follows the documented schema for one change, a digest and a notice', () => {
    const payloads = [
      toWebhookPayload('soc', { deliveryId: dl(1), event: event(1) }, 'fr'),
      toWebhookPayload('soc', { deliveryId: `dg${'a'.repeat(24)}`, digest: [1, 2, 3].map((i) => ({ deliveryId: dl(i), event: event(i) })) }, 'en'),
      toWebhookPayload('soc', { deliveryId: dl(9), notice: { type: 'provider-renamed', from: 'A', to: 'B' }, noticeId: 'n1' }, 'fr'),
    ];
    for (const p of payloads) expect(validate(p) ? [] : validate.errors).toEqual([]);
    expect(payloads[1]!.items.map((i) => i.deliveryId)).toEqual([dl(1), dl(2), dl(3)]);
  });

  it('refuses what the schema says is not a version 1 delivery (the schema can fail)', () => {
    const p = toWebhookPayload('soc', { deliveryId: dl(1), event: event(1) }, 'fr');
    expect(validate({ ...p, version: 2 })).toBe(false);
    expect(validate({ ...p, items: [] })).toBe(false);
  });
});

describe('the signature', () => {
  it('is v1= and the HMAC-SHA256 of "timestamp.body" (a vector computed with openssl)', () => {
    expect(sign('whsec-example-secret-0123', 1_700_000_000, '{"a":1}')).toBe('v1=dc4512cbe15a90fa46d7bd20ca30fbdde9e51a8fc3e144c854182fcdc594b53a');
  });

  it('verifies a fresh signed body, and refuses another body, another secret or an old timestamp', () => {
    const header = { timestamp: '1700000000', signature: sign('k'.repeat(20), 1_700_000_000, 'body') };
    expect(verify('k'.repeat(20), header, 'body', 1_700_000_100)).toBe(true);
    expect(verify('k'.repeat(20), header, 'bodY', 1_700_000_100)).toBe(false);
    expect(verify('j'.repeat(20), header, 'body', 1_700_000_100)).toBe(false);
    expect(verify('k'.repeat(20), header, 'body', 1_700_000_400)).toBe(false);
  });

  it('the example of docs/webhooks.md verifies what the sender signs', async () => {
    const doc = readFileSync(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');
    const code = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(code).toBeDefined();
    const mod = (await import(`data:text/javascript,${encodeURIComponent(code!)}`)) as { verifySecnumcloud: (s: string, h: Record<string, string>, b: string, now?: number) => boolean };
    const body = JSON.stringify(toWebhookPayload('soc', { deliveryId: dl(1), event: event(1) }, 'fr'));
    const headers = { 'x-secnumcloud-timestamp': '1700000000', 'x-secnumcloud-signature': sign('s'.repeat(32), 1_700_000_000, body) };
    expect(mod.verifySecnumcloud('s'.repeat(32), headers, body, 1_700_000_010)).toBe(true);
    expect(mod.verifySecnumcloud('s'.repeat(32), headers, `${body} `, 1_700_000_010)).toBe(false);
    expect(mod.verifySecnumcloud('s'.repeat(32), headers, body, 1_700_001_000)).toBe(false);
  });
});

describe('addresses and answers', () => {
  it.each([
    ['127.0.0.1', true], ['10.1.2.3', true], ['172.31.0.1', true], ['192.168.1.1', true], ['169.254.169.254', true],
    ['100.64.0.1', true], ['0.0.0.0', true], ['::1', true], ['fd00::1', true], ['fe80::1', true], ['::ffff:127.0.0.1', true],
    ['::ffff:10.0.0.1', true], ['93.184.216.34', false], ['2a00:1450:4007::200e', false], ['172.32.0.1', false],
  ])('%s is not public: %s', (address, expected) => {
    expect(isNotPublic(address)).toBe(expected);
  });

  it('maps statuses and errors to the drain\'s decisions, naming no URL', () => {
    const now = Date.parse('2026-12-01T09:00:00Z');
    expect(classifyStatus(204, undefined, now)).toBeUndefined();
    expect(classifyStatus(429, '7', now)).toMatchObject({ outcome: 'rate-limited', details: { retryAfterMs: 7_000 } });
    expect(classifyStatus(429, 'Tue, 01 Dec 2026 09:00:30 GMT', now)?.details.retryAfterMs).toBe(30_000);
    expect(classifyStatus(503, undefined, now)?.outcome).toBe('transient');
    expect(classifyStatus(408, undefined, now)?.outcome).toBe('transient');
    expect(classifyStatus(301, undefined, now)?.outcome).toBe('permanent');
    expect(classifyStatus(410, undefined, now)).toMatchObject({ outcome: 'permanent', details: { channelGone: true } });
    expect(classifyStatus(400, undefined, now)?.outcome).toBe('permanent');
    expect(classifyError(new AddressRefusedError('x')).details.code).toBe('address_refused');
    const reset = classifyError(Object.assign(new Error('connect ECONNRESET 203.0.113.9:443 https://h.example/secret'), { code: 'ECONNRESET' }));
    expect([reset.outcome, reset.message]).toEqual(['transient', 'webhook: ECONNRESET']);
  });
});

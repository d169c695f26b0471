import { describe, expect, it } from 'vitest';
import { configNotes, loadConfig, mailDomain } from '../../src/config.js';
import { deliveryId, digestId } from '../../src/core/delivery.js';
import type { OfferEvent } from '../../src/core/events.js';
import { emailSubject, toEmail } from '../../src/platforms/email/format.js';
import { classifySmtpError, emailMessageId } from '../../src/platforms/email/sender.js';
import { unsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from '../../src/platforms/email/unsubscribe.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const offers = catalogueSnapshot().offers;
const channel = { platform: 'email' as const, workspace: 'targets', channel: 'email-0123456789' };
const event = (i: number, kind: 'offer.added' | 'offer.removed', over: Partial<OfferEvent['offer']> = {}): OfferEvent => ({ id: `e${i}`, kind, source: 'anssi-catalogue', detectedAt: '2026-12-01T09:00:00.000Z', offer: { ...offers[i]!, ...over } });
const one = (e: OfferEvent) => ({ deliveryId: deliveryId(e.id, channel), event: e });

describe('e-mail format', () => {
  it('names a digest by its counts per kind, in each language', () => {
    const members = [one(event(0, 'offer.added')), one(event(1, 'offer.added')), one(event(2, 'offer.removed'))];
    const digest = { deliveryId: digestId(members.map((m) => m.deliveryId)), digest: members };
    expect(emailSubject(digest, 'fr', 'daily')).toBe('[SecNumCloud] Résumé du jour : 3 changements (2 ajouts, 1 retrait)');
    expect(emailSubject(digest, 'en', 'weekly')).toBe('[SecNumCloud] Weekly digest: 3 changes (2 added, 1 removed)');
    const { text, html } = toEmail(digest, 'en', { mode: 'weekly' });
    for (const m of members) expect(text).toContain(m.event.offer.provider);
    expect(html.match(/<hr>/g)!.length).toBeGreaterThanOrEqual(3);
  });

  it('escapes text from a source in HTML and keeps the subject on one line', () => {
    const hostile = one(event(0, 'offer.added', { provider: 'Evil <script>alert(1)</script>\nCorp' }));
    const { subject, html, text } = toEmail(hostile, 'fr', { mode: 'immediate', unsubscribeUrl: 'https://t.example.fr/email/unsubscribe?target=x&token=y' });
    expect(subject).not.toMatch(/\n/);
    expect(subject.startsWith('[SecNumCloud] ')).toBe(true);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('href="https://t.example.fr/email/unsubscribe?target=x&#38;token=y"');
    expect(text).toContain('Se désabonner : https://t.example.fr/email/unsubscribe?target=x&token=y');
  });

  it('says whom to ask rather than print a link when there is none', () => {
    const { text, html } = toEmail(one(event(3, 'offer.added')), 'en', { mode: 'immediate' });
    expect(text).toContain('ask the tracker’s administrator');
    expect(html).not.toContain('unsubscribe?');
  });
});

describe('e-mail sender pieces', () => {
  it('derives the Message-ID from the delivery id and the sender\'s domain', () => {
    expect(emailMessageId('dlabc', 'example.fr')).toBe('<dlabc.secnumcloud-tracker@example.fr>');
    expect(mailDomain('Veille <veille@Example.FR>')).toBe('example.fr');
    expect(mailDomain('veille@example.fr')).toBe('example.fr');
    expect(mailDomain('veille')).toBeUndefined();
  });

  it('classifies SMTP answers without quoting the server (which names the recipient)', () => {
    const rcpt = classifySmtpError(Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <a@b.fr>: no such user"), { code: 'EENVELOPE', responseCode: 550 }));
    expect(rcpt).toMatchObject({ outcome: 'permanent', details: { channelGone: true, code: 'smtp_550' } });
    expect(rcpt.message).not.toContain('a@b.fr');
    expect(classifySmtpError(Object.assign(new Error('554 rejected'), { code: 'EMESSAGE', responseCode: 554 }))).toMatchObject({ outcome: 'permanent', details: { code: 'smtp_554' } });
    expect(classifySmtpError(Object.assign(new Error('451 later <a@b.fr>'), { code: 'EMESSAGE', responseCode: 451 })).outcome).toBe('transient');
    expect(classifySmtpError(Object.assign(new Error('535 auth'), { code: 'EAUTH', responseCode: 535 })).outcome).toBe('transient');
    expect(classifySmtpError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:25'), { code: 'ESOCKET' }))).toMatchObject({ outcome: 'transient', message: 'email: (ESOCKET)' });
  });

  it('makes unsubscribe tokens no one can make for another target without the key', () => {
    const key = 'k'.repeat(32);
    const token = unsubscribeToken(key, 'email-aaaa');
    expect(verifyUnsubscribeToken(key, 'email-aaaa', token)).toBe(true);
    expect(verifyUnsubscribeToken(key, 'email-bbbb', token)).toBe(false);
    expect(verifyUnsubscribeToken('x'.repeat(32), 'email-aaaa', token)).toBe(false);
    expect(verifyUnsubscribeToken(key, 'email-aaaa', token.slice(1))).toBe(false);
    expect(unsubscribeUrl('https://t.example.fr/veille/', key, 'email-aaaa')).toBe(`https://t.example.fr/veille/email/unsubscribe?target=email-aaaa&token=${token}`);
  });
});

describe('e-mail configuration', () => {
  const smtp = { SMTP_HOST: 'smtp.example.fr', MAIL_FROM: 'Veille <veille@example.fr>' };
  it('needs MAIL_FROM, a key with PUBLIC_URL, and says when links are left out', () => {
    expect(() => loadConfig({ SMTP_HOST: 'smtp.example.fr' })).toThrow(/MAIL_FROM: required/);
    expect(() => loadConfig({ ...smtp, PUBLIC_URL: 'https://t.example.fr' })).toThrow(/MAIL_UNSUBSCRIBE_SECRET: required/);
    expect(() => loadConfig({ ...smtp, SMTP_URL: 'smtp://a:b@h:25' })).toThrow(/SMTP_HOST: set SMTP_URL or SMTP_HOST, not both/);
    expect(() => loadConfig({ ...smtp, SMTP_USER: 'u' })).toThrow(/SMTP_PASS/);
    expect(configNotes(loadConfig(smtp))).toEqual([expect.stringContaining('e-mail without PUBLIC_URL: messages carry no unsubscribe link')]);
    expect(configNotes(loadConfig({ ...smtp, PUBLIC_URL: 'https://t.example.fr', MAIL_UNSUBSCRIBE_SECRET: 'k'.repeat(32) }))).toEqual([]);
    expect(configNotes(loadConfig({}))).toEqual([]);
  });
});

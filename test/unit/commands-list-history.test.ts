import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import type { Block, Inline } from '../../src/commands/reply.js';
import { CHANGES, fakeCommandDeps, invocation, replyText } from '../support/fake-command-deps.js';

const en = invocation({ locale: 'en-US' });
const fr = invocation();
const boldParagraphs = (blocks: Block[]): string[] =>
  blocks.flatMap((b) => (b.type === 'paragraph' && b.content.length === 1 && typeof b.content[0] === 'object' && 'bold' in b.content[0] ? [b.content[0].bold] : []));

describe('list', () => {
  it('groups the 16 qualified offers by provider in alphabetical order, each with types and end date', async () => {
    const reply = await runCommand('list', fr, fakeCommandDeps());
    expect(reply.summary).toBe('16 offres qualifiées de 9 fournisseurs');
    expect(boldParagraphs(reply.blocks)).toEqual([
      'Cegedim', 'Cloud Temple', 'Index Education', 'Oodrive', 'Orange Business Services', 'Outscale', 'OVH', 'Whaller', 'Worldline',
    ]);
    const text = replyText(reply);
    expect(text).toContain('Cegedim\n• CegNumCloud Secured IaaS — IaaS — jusqu\'au 04/12/2027');
    expect(text).toContain('IaaS — IaaS — jusqu\'au 30/11/2026 — se termine dans 2 jours');
    expect(reply.blocks.filter((b) => b.type === 'list').flatMap((b) => (b.type === 'list' ? b.items : []))).toHaveLength(16);
  });

  it('keeps only the offers of one type, whatever its case', async () => {
    const reply = await runCommand('list saas', en, fakeCommandDeps());
    expect(reply.blocks[0]).toEqual({ type: 'heading', text: 'Qualified SecNumCloud offers (SaaS)' });
    expect(boldParagraphs(reply.blocks)).toEqual(['Index Education', 'Oodrive', 'Whaller']);
    expect(reply.summary).toBe('8 qualified offers from 3 providers');
    expect(replyText(reply)).toContain('Pronote Primaire — SaaS — until 18 Jun 2027');
  });

  it('says when no offer has the type, and rejects an unknown type with the usage', async () => {
    expect((await runCommand('list CaaS', en, fakeCommandDeps())).summary).toBe('No qualified CaaS offer.');
    const bad = await runCommand('list FaaS', en, fakeCommandDeps());
    expect(bad).toMatchObject({ tone: 'error', summary: 'Unknown type “FaaS”: choose SaaS, PaaS, CaaS or IaaS.' });
    expect(replyText(bad)).toContain('/secnumcloud list [SaaS|PaaS|CaaS|IaaS]');
  });
});

describe('history', () => {
  it('shows the latest changes newest first, one line each, kind in words, provider — service, date', async () => {
    const reply = await runCommand('history', en, fakeCommandDeps());
    const list = reply.blocks.find((b) => b.type === 'list');
    const lines = list?.type === 'list' ? list.items : [];
    expect(lines).toHaveLength(CHANGES.length);
    const text = replyText(reply).split('\n').slice(1);
    expect(text).toEqual([
      '• Qualification ending: Outscale — IaaS — ends in 2 days (28 Nov 2026)',
      '• News: NumSpot <b>vise</b> SecNumCloud (https://example.org/numspot) (27 Nov 2026)',
      '• Renewed: OVH — Hosted Private Cloud powered by VMware — until 29 Dec 2029 (2 Oct 2026)',
      '• Renamed: Worldline — Worldline Cloud Services - Secured IaaS — previously Worldline — Worldline Secured IaaS (15 Sep 2026)',
      '• New qualification: NumSpot — NumSpot Cloud — was en cours de qualification (3 Jul 2026)',
      '• New en cours de qualification: NumSpot — NumSpot Cloud (10 Mar 2026)',
    ]);
  });

  it('keeps a news title as plain text and its link as a link node', async () => {
    const reply = await runCommand('history 2', en, fakeCommandDeps());
    const list = reply.blocks.find((b) => b.type === 'list');
    const news: Inline[] = list?.type === 'list' ? list.items[1]! : [];
    expect(news).toContainEqual({ link: 'https://example.org/numspot', label: 'NumSpot <b>vise</b> SecNumCloud' });
  });

  it('shows n changes, and says so in French', async () => {
    const reply = await runCommand('historique 3', fr, fakeCommandDeps());
    expect(reply.summary).toBe('3 derniers changements');
    expect(replyText(reply)).toContain('• Renouvelée : OVH — Hosted Private Cloud powered by VMware — jusqu\'au 29/12/2029 (02/10/2026)');
  });

  it.each(['0', '51', 'ten', '-3', '2.5'])('answers the invalid count %s with the usage', async (n) => {
    const reply = await runCommand(`history ${n}`, en, fakeCommandDeps());
    expect(reply).toMatchObject({ visibility: 'ephemeral', tone: 'error', summary: `“${n}” is not a whole number from 1 to 50.` });
    expect(replyText(reply)).toContain('/secnumcloud history [n]');
  });

  it('says when nothing has changed yet', async () => {
    expect((await runCommand('history', en, fakeCommandDeps({ changes: [] }))).summary).toBe('No change recorded yet.');
  });
});

import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import type { Block, Inline } from '../../src/commands/reply.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { fakeCommandDeps, invocation, replyText } from '../support/fake-command-deps.js';

const en = invocation({ locale: 'en-US' });
const fr = invocation();
const links = (blocks: Block[]): Array<{ link: string; label: string }> =>
  blocks
    .flatMap((b): Inline[] => (b.type === 'list' ? b.items.flat() : b.type === 'paragraph' || b.type === 'context' ? b.content : []))
    .filter((c): c is { link: string; label: string } => typeof c === 'object' && 'link' in c);

describe('status', () => {
  const offers = catalogueSnapshot().offers;
  const providerCount = new Set(offers.map((o) => o.provider)).size;

  it('counts qualified offers, providers and en cours entries, from the data', async () => {
    expect(offers).toHaveLength(16);
    expect(providerCount).toBe(9);
    const reply = await runCommand('status', en, fakeCommandDeps());
    expect(reply).toMatchObject({ visibility: 'ephemeral', tone: 'info', summary: '16 qualified offers from 9 providers' });
    const fields = reply.blocks.find((b) => b.type === 'fields');
    expect(fields?.type === 'fields' && fields.fields.map((f) => [f.label, f.value.join('')])).toEqual([
      ['Qualified offers', '16'],
      ['Providers', '9'],
      ['En cours de qualification', '3'],
      ['Catalogue edition', '5 Dec 2025'],
    ]);
  });

  it('describes each source by its name and state in words: working, failing since when and what kind, held, never read', async () => {
    const text = replyText(await runCommand('status', en, fakeCommandDeps()));
    expect(text).toContain('Catalogue ANSSI: working — last successful check 3 h ago');
    expect(text).toContain('ANSSI en cours: failing since 26 Nov 2026, 22:00: 4 failed checks in a row (HTTP 503) — last successful check 2 days ago');
    expect(text).toContain('LeMagIT: document held — last successful check 30 min ago — a new document is held as suspect');
    expect(text).toMatch(/new-feed: never read$/m);
    expect(text).not.toMatch(/s3cr3t|cyber\.gouv/); // the stored error text names the URL: only its kind is said
    // The en cours list comes from a failing source: the reply says its entries date from the last success.
    expect(text).toContain('The source of services in the qualification process is failing since 26 Nov 2026, 22:00: 4 failed checks in a row (HTTP 503): the list is the one of the last successful read (26 Nov 2026, 10:00).');
    expect(text).toContain('Latest change: Qualification ending: Outscale — IaaS — ends in 2 days (28 Nov 2026)');
  });

  it('says the same in French', async () => {
    const text = replyText(await runCommand('statut', fr, fakeCommandDeps()));
    expect(text).toContain('Catalogue ANSSI : en service — dernière vérification réussie il y a 3 h');
    expect(text).toContain("ANSSI en cours : en échec depuis le 26/11/2026 à 22:00 : 4 vérifications échouées d'affilée (HTTP 503)");
    expect(text).toContain('LeMagIT : document retenu');
    expect(text).toMatch(/new-feed : jamais lue$/m);
    expect(text).toContain('Dernier changement : Fin de qualification proche : Outscale — IaaS — se termine dans 2 jours (28/11/2026)');
  });

  it('says when nothing has changed yet', async () => {
    const text = replyText(await runCommand('status', en, fakeCommandDeps({ changes: [] })));
    expect(text).toContain('Latest change: none yet');
  });
});

describe('status of one provider', () => {
  it('shows Cloud Temple for "cloud temple": offers with types, dates, decision links, and its en cours entry', async () => {
    const reply = await runCommand('status cloud temple', fr, fakeCommandDeps());
    expect(reply.summary).toBe('Cloud Temple : 2 offres qualifiées, 1 en cours de qualification');
    const text = replyText(reply);
    expect(text).toContain('PaaS Openshift — PaaS — du 30/05/2025 au 30/05/2028 — décision 919');
    expect(text).toContain('En cours de qualification\n• Kubernetes managé — CaaS');
    expect(links(reply.blocks)).toContainEqual({ link: 'https://messervices.cyber.gouv.fr/visas/2025_919_np.pdf', label: 'décision 919' });
  });

  it('finds Cloud Temple from the prefix "Cloud Temp", as provider: too', async () => {
    for (const text of ['status Cloud Temp', 'status provider:"Cloud Temp"']) {
      const reply = await runCommand(text, en, fakeCommandDeps());
      expect(reply.tone).toBe('info');
      expect(reply.blocks[0]).toEqual({ type: 'heading', text: 'Cloud Temple' });
    }
  });

  it('shows OVH with the days left of the offer ending within 90 days', async () => {
    const text = replyText(await runCommand('status OVH', en, fakeCommandDeps()));
    expect(text).toContain('Hosted Private Cloud powered by VMware — IaaS — from 28 Dec 2023 to 29 Dec 2026 — decision 2279 (https://messervices.cyber.gouv.fr/visas/2023_2279_np.pdf) — ends in 31 days');
    expect(text).toMatch(/Bare Metal Pod — IaaS — from 24 Mar 2025 to 24 Mar 2028 — decision 559 \([^)]*\)$/m);
  });

  it('shows 2 days left for Outscale, whose offer ends on 2026-11-30', async () => {
    expect(replyText(await runCommand('status outscale', en, fakeCommandDeps()))).toContain('ends in 2 days');
    expect(replyText(await runCommand('status outscale', fr, fakeCommandDeps()))).toContain('se termine dans 2 jours');
  });

  it('still lists an offer past its end date, flagged in words', async () => {
    const old = { ...catalogueSnapshot().offers.find((o) => o.provider === 'Whaller')!, qualifiedUntil: '2026-11-25' };
    const text = replyText(await runCommand('status whaller', en, fakeCommandDeps({ offers: [old] })));
    expect(text).toContain('Whaller Donjon SaaS — SaaS — from 2 Aug 2024 to 25 Nov 2026');
    expect(text).toContain('end date passed 3 days ago, still listed');
  });

  it('shows a provider only en cours de qualification', async () => {
    const text = replyText(await runCommand('status numspot', en, fakeCommandDeps()));
    expect(text).toContain('No qualified offer yet.');
    expect(text).toContain('NumSpot Cloud — PaaS, IaaS');
  });

  it('answers "Amazon" with an error that names the known providers', async () => {
    const reply = await runCommand('status Amazon', en, fakeCommandDeps());
    expect(reply).toMatchObject({ visibility: 'ephemeral', tone: 'error' });
    expect(reply.summary).toContain('No provider “Amazon” in the catalogue or en cours de qualification.');
    expect(reply.summary).toContain('Known providers: Cegedim, Cloud Temple, Index Education, NumSpot');
  });

  it('proposes the closest names for a misspelling, and the candidates for an ambiguous prefix', async () => {
    const typo = await runCommand('status Outscal3', en, fakeCommandDeps());
    expect(typo.summary).toContain('Did you mean Outscale?');
    const ambiguous = await runCommand('status O', en, fakeCommandDeps());
    expect(ambiguous.summary).toBe('“O” matches several providers: Oodrive, Orange Business Services, Outscale and OVH. Which one?');
  });
});

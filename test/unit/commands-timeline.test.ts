/** `/secnumcloud timeline <provider>` on the provider history built from real and derived editions, page and news. */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import { fakeCommandDeps, invocation, replyText } from '../support/fake-command-deps.js';
import { providerHistory, type History } from '../support/provider-history.js';

let h: History;
beforeAll(async () => {
  h = await providerHistory();
});
const deps = (publicUrl?: string) => ({
  ...fakeCommandDeps({ offers: h.current, inProgress: h.inProgress, changes: [...h.events].reverse() }),
  ...(publicUrl ? { publicUrl } : {}),
});

describe('timeline', () => {
  it("answers NumSpot's dated steps in order, each linked to its source, and links its page when PUBLIC_URL is set", async () => {
    const reply = await runCommand('timeline numspot', invocation(), deps('https://tracker.example.org/'));
    const text = replyText(reply);
    expect(text.split('\n')).toEqual([
      'Histoire de NumSpot',
      '• 15/01/2024 — En cours de qualification : Plateforme NumSpot',
      expect.stringMatching(/^• 14\/11\/2025 — Actualité : Banque des Territoires : NumSpot recrute .*\(https:\/\/news\.google\.com\/.*\) \(Google Actualités\)$/),
      expect.stringMatching(/^• 17\/11\/2025 — Actualité : /),
      expect.stringMatching(/^• 18\/11\/2025 — Actualité : /),
      "• 01/07/2026 — Qualification : NumSpot Cloud Platform — jusqu'au 01/07/2029 (https://messervices.cyber.gouv.fr/visas/2026_1234_np.pdf)",
      '• 02/10/2026 — Recommandation modifiée : NumSpot Cloud Platform — de « modérée » à « optimale » (https://messervices.cyber.gouv.fr/visas/2026_1234_np.pdf)',
      'Suivi depuis le 05/12/2025.',
      'Toute son histoire (https://tracker.example.org/providers/numspot)',
    ]);
    const page = reply.blocks.at(-1)!;
    expect(page.type === 'context' && page.content).toEqual([{ link: 'https://tracker.example.org/providers/numspot', label: 'Toute son histoire' }]);
    const qualified = reply.blocks[1]!.type === 'list' ? reply.blocks[1]!.items[4] : undefined;
    expect(qualified).toContainEqual({ link: 'https://messervices.cyber.gouv.fr/visas/2026_1234_np.pdf', label: "NumSpot Cloud Platform — jusqu'au 01/07/2029" });
  });

  it('finds a renamed provider by its former name, with no page link without PUBLIC_URL', async () => {
    const text = replyText(await runCommand('chronologie outscale', invocation(), deps()));
    expect(text).toContain('Histoire de 3DS Outscale');
    expect(text).toContain('Renommée : IaaS — auparavant Outscale — IaaS');
    expect(text).not.toContain('Toute son histoire');
  });

  it('asks which provider when none is given, and proposes names for an unknown one', async () => {
    expect(replyText(await runCommand('timeline', invocation(), deps()))).toContain('Quel fournisseur ?');
    const unknown = await runCommand('timeline zzzz', invocation(), deps());
    expect(unknown).toMatchObject({ visibility: 'ephemeral', tone: 'error' });
    expect(replyText(unknown)).toMatch(/zzzz/);
  });
});

import { describe, expect, it } from 'vitest';
import { alertReply } from '../../src/commands/alert.js';
import type { NewsEvent } from '../../src/core/events.js';
import { escapeMrkdwn, toSlack } from '../../src/platforms/slack/format.js';
import { unescapeSlack } from '../../src/platforms/slack/app.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const hostile = 'SecNumCloud <!channel> & <@U123> <https://evil.example|cliquez> <!here>';

describe('Slack rendering', () => {
  it('escapes the three markup characters, so text cannot mention anyone or forge a link', () => {
    expect(escapeMrkdwn(hostile)).toBe('SecNumCloud &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|cliquez&gt; &lt;!here&gt;');
  });

  it('renders a news alert with a real link whose label and URL cannot break out', () => {
    const e: NewsEvent = {
      id: 'n1', kind: 'news.published', source: 'lemagit', detectedAt: '', keywords: ['SecNumCloud'], providers: [], seenIn: ['lemagit'],
      item: { id: 'n1', source: 'lemagit', title: hostile, url: 'https://presse.example/a|b>c', summary: '<@U999> résumé' },
    };
    const msg = toSlack(alertReply({ deliveryId: 'dl1', event: e }, 'fr'));
    const raw = JSON.stringify(msg);
    for (const bad of ['<!channel>', '<!here>', '<@U123>', '<@U999>', '<https://evil.example']) expect(raw).not.toContain(bad);
    expect(raw).toContain('<https://presse.example/a%7Cb%3Ec|SecNumCloud &lt;!channel&gt;');
    expect(msg.text).toMatch(/^Actualité : SecNumCloud &lt;!channel&gt;/);
  });

  it('renders a new qualification with a header, fields and the decision link', () => {
    const offer = catalogueSnapshot().offers[0]!;
    const msg = toSlack(alertReply({ deliveryId: 'dl2', event: { id: 'e', kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '', offer } }, 'en'));
    expect(msg.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'New SecNumCloud qualification', emoji: false } });
    expect(JSON.stringify(msg.blocks)).toContain('<https://messervices.cyber.gouv.fr/visas/2024_1951_np.pdf|decision no. 1951>');
    expect(msg.text).toBe('New SecNumCloud qualification: Cegedim — CegNumCloud Secured IaaS');
  });

  it('gives the command parser what the user typed', () => {
    expect(unescapeSlack('subscribe keyword:&lt;b&gt; provider:"A &amp; B"')).toBe('subscribe keyword:<b> provider:"A & B"');
  });
});

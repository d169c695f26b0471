import type { Block, Inline, Reply } from '../../commands/reply.js';

/**
 * Teams renders a TextBlock's text as a subset of Markdown (bold, italic, lists, links). Text from a source is
 * escaped CommonMark's way, every punctuation character Markdown may read given a backslash, so that a provider
 * named "[x](https://…)" or "*x*" is printed as typed and never becomes a link or emphasis.
 */
export const escapeMarkdown = (s: string): string => s.replace(/[\\`*_{}[\]()<>#+\-.!|~]/g, (c) => `\\${c}`);

/** A link's target inside `(…)`: only http(s), with the characters that would end or break it encoded. */
const safeHref = (url: string): string | undefined =>
  /^https?:\/\//i.test(url) ? url.replace(/[()\s<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`) : undefined;

function inlineMarkdown(content: readonly Inline[]): string {
  return content
    .map((c) => {
      if (typeof c === 'string') return escapeMarkdown(c);
      if ('bold' in c) return `**${escapeMarkdown(c.bold)}**`;
      // Adaptive Cards have no inline code: printed as it is, escaped.
      if ('code' in c) return escapeMarkdown(c.code);
      const href = safeHref(c.link);
      return href ? `[${escapeMarkdown(c.label)}](${href})` : escapeMarkdown(`${c.label} (${c.link})`);
    })
    .join('');
}

const plain = (content: readonly Inline[]): string =>
  content.map((c) => (typeof c === 'string' ? c : 'bold' in c ? c.bold : 'code' in c ? c.code : c.label)).join('');

type Element = Record<string, unknown>;

const text = (t: string, extra: Record<string, unknown> = {}): Element => ({ type: 'TextBlock', text: t, wrap: true, ...extra });

function blockElements(b: Block): Element[] {
  switch (b.type) {
    case 'heading':
      return [text(escapeMarkdown(b.text), { weight: 'Bolder', size: 'Medium' })];
    case 'paragraph':
      return [text(inlineMarkdown(b.content))];
    case 'context':
      return [text(inlineMarkdown(b.content), { isSubtle: true, size: 'Small' })];
    case 'list':
      // One TextBlock per item: a Markdown list would need every item's text escaped line by line anyway.
      return b.items.map((i) => text(`• ${inlineMarkdown(i)}`, { spacing: 'Small' }));
    case 'fields':
      // A FactSet's title and value are plain text in Teams' renderers (links in values are shown as Markdown on
      // some clients only): values carrying a link become their own TextBlock instead.
      return b.fields.some((f) => f.value.some((v) => typeof v !== 'string' && 'link' in v))
        ? b.fields.map((f) => text(`**${escapeMarkdown(f.label)}** : ${inlineMarkdown(f.value)}`, { spacing: 'Small' }))
        : [{ type: 'FactSet', facts: b.fields.map((f) => ({ title: f.label, value: plain(f.value) })) }];
  }
}

/** The Adaptive Card version the cards declare: 1.4 is what Teams renders on every client, mobile included. */
export const CARD_VERSION = '1.4';
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * A Teams message carrying one Adaptive Card: the body Teams' incoming webhooks and Workflows ("Post to a channel
 * when a webhook request is received") both take. The summary is the card's fallback text and the notification's.
 */
export function toTeamsMessage(reply: Reply, lang: 'fr' | 'en'): Record<string, unknown> {
  const blocks = reply.blocks[0]?.type === 'heading' ? reply.blocks : [{ type: 'heading', text: reply.summary } as Block, ...reply.blocks];
  return {
    type: 'message',
    summary: reply.summary,
    attachments: [
      {
        contentType: ADAPTIVE_CARD,
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: CARD_VERSION,
          lang,
          fallbackText: reply.summary,
          body: blocks.flatMap(blockElements),
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

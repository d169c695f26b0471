import type { Block, Inline, Reply } from '../../commands/reply.js';

/** A Block Kit block (the subset we send). */
export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  /** The notification and fallback text (mrkdwn, escaped). */
  text: string;
  blocks: SlackBlock[];
}

/**
 * Escapes text for Slack's mrkdwn: `&`, `<` and `>` are the only control characters of its markup, so text
 * from a source can never become `<!channel>`, `<@U123>` or a forged `<url|label>` link.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A link Slack will show as `label`; the URL is kept only when it is http(s), and cannot close the link early. */
function link(url: string, label: string): string {
  const safe = /^https?:\/\//i.test(url) ? url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c)) : undefined;
  return safe ? `<${safe}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>` : escapeMrkdwn(label);
}

function inline(content: readonly Inline[]): string {
  return content
    .map((c) => {
      if (typeof c === 'string') return escapeMrkdwn(c);
      if ('bold' in c) return `*${escapeMrkdwn(c.bold)}*`;
      if ('code' in c) return `\`${escapeMrkdwn(c.code)}\``;
      return link(c.link, c.label);
    })
    .join('');
}

const cut = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
const mrkdwn = (text: string, max = 3000): { type: 'mrkdwn'; text: string } => ({ type: 'mrkdwn', text: cut(text, max) });

function render(b: Block): SlackBlock[] {
  switch (b.type) {
    case 'heading':
      return [{ type: 'header', text: { type: 'plain_text', text: cut(b.text, 150), emoji: false } }];
    case 'paragraph':
      return [{ type: 'section', text: mrkdwn(inline(b.content)) }];
    case 'list':
      return b.items.length === 0 ? [] : [{ type: 'section', text: mrkdwn(b.items.map((i) => `• ${inline(i)}`).join('\n')) }];
    case 'fields': {
      const out: SlackBlock[] = [];
      for (let i = 0; i < b.fields.length; i += 10) {
        const fields = b.fields.slice(i, i + 10).map((f) => mrkdwn(`*${escapeMrkdwn(f.label)}*\n${inline(f.value)}`, 2000));
        out.push({ type: 'section', fields });
      }
      return out;
    }
    case 'context':
      return [{ type: 'context', elements: [mrkdwn(inline(b.content))] }];
  }
}

/** Renders a reply or an alert as Block Kit (at most 50 blocks, Slack's limit) with an escaped fallback text. */
export function toSlack(reply: Reply): SlackMessage {
  const blocks = reply.blocks.flatMap(render);
  const kept = blocks.length > 50 ? [...blocks.slice(0, 49), { type: 'context', elements: [mrkdwn('…')] }] : blocks;
  return { text: cut(escapeMrkdwn(reply.summary), 3000), blocks: kept };
}

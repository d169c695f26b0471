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

/** Plain text cut to at most `max` characters with '…', never between the halves of a surrogate pair. */
function cutPlain(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = s.slice(0, max - 1);
  return `${/[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head}…`;
}

/** Longest link label: a label is cut before it is wrapped in `<url|…>`, so the markup always closes. */
export const LINK_LABEL_MAX = 500;

/** A link Slack will show as `label`; the URL is kept only when it is http(s), and cannot close the link early. */
function link(url: string, label: string): string {
  const safe = /^https?:\/\//i.test(url) ? url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c)) : undefined;
  const shown = escapeMrkdwn(cutPlain(label, LINK_LABEL_MAX));
  return safe ? `<${safe}|${shown.replace(/\|/g, '¦')}>` : shown;
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

/**
 * Mrkdwn cut to at most `max` characters with '…', where it breaks no markup: never inside a `<url|label>`
 * link (a half link shows its raw URL, or swallows the text after it), never inside an `&amp;` escape. Escaped
 * text has no raw `<`, `>` or `&`, so every `<` opens a link and every `&` after the last link starts an escape.
 */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let head = cutPlain(s, max).slice(0, -1);
  const open = head.lastIndexOf('<');
  if (open > head.lastIndexOf('>')) head = head.slice(0, open);
  const amp = head.lastIndexOf('&');
  if (amp > head.lastIndexOf('>') && !head.includes(';', amp)) head = head.slice(0, amp);
  return `${head}…`;
}
const mrkdwn = (text: string, max = 3000): { type: 'mrkdwn'; text: string } => ({ type: 'mrkdwn', text: cut(text, max) });

function render(b: Block): SlackBlock[] {
  switch (b.type) {
    case 'heading':
      return [{ type: 'header', text: { type: 'plain_text', text: cutPlain(b.text, 150), emoji: false } }];
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

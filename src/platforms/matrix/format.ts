import type { Block, Inline, Reply } from '../../commands/reply.js';
import { escapeHtml as escape, inlineHtml } from '../reply-html.js';

function inlineText(content: readonly Inline[]): string {
  return content.map((c) => (typeof c === 'string' ? c : 'bold' in c ? c.bold : 'code' in c ? c.code : `${c.label} (${c.link})`)).join('');
}

function blockHtml(b: Block): string {
  switch (b.type) {
    case 'heading':
      return `<h4>${escape(b.text)}</h4>`;
    case 'paragraph':
      return `<p>${inlineHtml(b.content)}</p>`;
    case 'context':
      return `<p><small>${inlineHtml(b.content)}</small></p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</ul>`;
    case 'fields':
      return `<ul>${b.fields.map((f) => `<li><strong>${escape(f.label)}</strong> : ${inlineHtml(f.value)}</li>`).join('')}</ul>`;
  }
}

function blockText(b: Block): string {
  switch (b.type) {
    case 'heading':
      return b.text;
    case 'paragraph':
    case 'context':
      return inlineText(b.content);
    case 'list':
      return b.items.map((i) => `- ${inlineText(i)}`).join('\n');
    case 'fields':
      return b.fields.map((f) => `${f.label} : ${inlineText(f.value)}`).join('\n');
  }
}

/**
 * An `m.room.message` content of msgtype `m.notice` (what bots send: clients do not answer it): a plain-text body,
 * its HTML twin, and an empty `m.mentions`, so that no name or room alias in a source's text pings anyone.
 */
export function toMatrix(reply: Reply): Record<string, unknown> {
  const blocks = reply.blocks[0]?.type === 'heading' ? reply.blocks : [{ type: 'heading', text: reply.summary } as Block, ...reply.blocks];
  return {
    msgtype: 'm.notice',
    body: blocks.map(blockText).join('\n\n'),
    format: 'org.matrix.custom.html',
    formatted_body: blocks.map(blockHtml).join(''),
    'm.mentions': {},
  };
}

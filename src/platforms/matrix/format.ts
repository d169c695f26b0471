import { inlineText, type Block, type Reply } from '../../commands/reply.js';
import { blockHtml } from '../reply-html.js';

/** Matrix clients show h4 as a modest heading; small print in <small>. */
const LOOK = { heading: 4, context: (html: string): string => `<p><small>${html}</small></p>` };

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
    formatted_body: blocks.map((b) => blockHtml(b, LOOK)).join(''),
    'm.mentions': {},
  };
}

import { alertReply } from '../../commands/alert.js';
import type { Lang } from '../../commands/ports.js';
import { inlineText, type Block, type Reply } from '../../commands/reply.js';
import type { ChangeEvent } from '../../core/events.js';

function blockText(b: Block): string | undefined {
  switch (b.type) {
    case 'heading':
      return undefined; // the summary already says it
    case 'paragraph':
    case 'context':
      return inlineText(b.content);
    case 'list':
      return b.items.map(inlineText).join(' ; ');
    case 'fields':
      return b.fields.map((f) => `${f.label} : ${inlineText(f.value)}`).join(' · ');
  }
}

/**
 * A block's text without what the summary already says: a link whose label the summary holds (a news title) is
 * its address alone, so the console never prints a title twice.
 */
function newText(b: Block, summary: string): string | undefined {
  if ((b.type === 'paragraph' || b.type === 'context') && b.content.length === 1) {
    const only = b.content[0]!;
    if (typeof only === 'object' && 'link' in only && summary.includes(only.label)) return only.link;
  }
  const text = blockText(b);
  return text && !summary.includes(text) ? text : undefined;
}

/** A reply as one line of plain text for a terminal or a log: every fact in words, nothing carried by colour. */
export function toConsoleLine(reply: Reply): string {
  const rest = reply.blocks
    .slice(1)
    .map((b) => newText(b, reply.summary))
    .filter((t): t is string => t !== undefined);
  return [reply.summary, ...rest].join(' · ');
}

/** The console sink's text for one change event: the same wording as the chat alerts, on one line. */
export function formatConsole(e: ChangeEvent, lang: Lang = 'fr'): string {
  return toConsoleLine(alertReply({ deliveryId: '', event: e }, lang));
}

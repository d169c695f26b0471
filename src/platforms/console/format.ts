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

/** A reply as one line of plain text for a terminal or a log: every fact in words, nothing carried by colour. */
export function toConsoleLine(reply: Reply): string {
  const rest = reply.blocks
    .slice(1)
    .map(blockText)
    .filter((t): t is string => Boolean(t) && !reply.summary.includes(t as string));
  return [reply.summary, ...rest].join(' · ');
}

/** The console sink's text for one change event: the same wording as the chat alerts, on one line. */
export function formatConsole(e: ChangeEvent, lang: Lang = 'fr'): string {
  return toConsoleLine(alertReply({ deliveryId: '', event: e }, lang));
}

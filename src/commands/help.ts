import type { ParsedCommand } from './args.js';
import type { Ctx } from './context.js';
import { COMMAND_NAMES } from './grammar.js';
import type { Reply } from './reply.js';
import { paragraph, privateReply } from './replies.js';

/** `help` (and an empty text): every subcommand with its syntax and one line, then examples. */
export async function help(_args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  const { t } = ctx;
  return privateReply(t.help.heading, [
    { type: 'heading', text: t.help.heading },
    paragraph(t.help.intro),
    { type: 'list', items: COMMAND_NAMES.map((c) => [{ code: t.usage[c] }, ' — ', t.help.lines[c]]) },
    paragraph({ bold: t.help.examplesLabel }),
    { type: 'list', items: t.help.examples.map((e) => [{ code: e }]) },
  ]);
}

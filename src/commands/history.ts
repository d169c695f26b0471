import type { ParsedCommand } from './args.js';
import type { Ctx } from './context.js';
import { CommandError } from './errors.js';
import { changeLine } from './history-line.js';
import type { Inline, Reply } from './reply.js';
import { paragraph, privateReply } from './replies.js';

/** How many changes `history` shows without a number, and at most. */
export const HISTORY_DEFAULT = 10;
export const HISTORY_MAX = 50;

/** `history [n]`: the latest n changes (10 by default, 1 to 50), newest first, one line each. */
export async function history(args: ParsedCommand, ctx: Ctx): Promise<Reply> {
  const [word, extra] = args.words;
  if (extra !== undefined) throw new CommandError({ kind: 'unexpected', word: extra }, 'history');
  const n = word === undefined ? HISTORY_DEFAULT : /^\d{1,3}$/.test(word) ? Number(word) : Number.NaN;
  if (!(n >= 1 && n <= HISTORY_MAX)) throw new CommandError({ kind: 'badCount', word: word ?? '', max: HISTORY_MAX }, 'history');
  const events = await ctx.deps.state.latestChanges(n);
  const lines = events.map((e) => changeLine(e, ctx)).filter((l): l is Inline[] => l !== undefined).slice(0, n);
  const { t } = ctx;
  if (lines.length === 0) return privateReply(t.history.none, [paragraph(t.history.none)]);
  return privateReply(t.history.summary(lines.length), [
    { type: 'heading', text: t.history.heading },
    { type: 'list', items: lines },
  ]);
}

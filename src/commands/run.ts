import { parseCommand, type ParsedCommand } from './args.js';
import { localeLang, makeCtx, type Ctx } from './context.js';
import { CommandError } from './errors.js';
import type { CommandName } from './grammar.js';
import { help } from './help.js';
import { history } from './history.js';
import { lang } from './lang.js';
import { list } from './list.js';
import { pause, resume } from './pause.js';
import type { CommandDeps, Invocation } from './ports.js';
import type { Reply } from './reply.js';
import { context, errorReply, paragraph } from './replies.js';
import { status } from './status.js';
import { subscribe } from './subscribe.js';
import { listSubscriptions, unsubscribe } from './subscriptions.js';
import { test } from './test-alert.js';
import { timeline } from './timeline.js';

/** A subcommand: parsed arguments and a context in, a reply out; user errors thrown as CommandError. */
export type Handler = (args: ParsedCommand, ctx: Ctx) => Promise<Reply>;

/** Every subcommand, by its canonical name (grammar.ts maps aliases to these). */
export const HANDLERS: Record<CommandName, Handler> = {
  subscribe,
  subscriptions: listSubscriptions,
  unsubscribe,
  test,
  pause,
  resume,
  status,
  list,
  history,
  timeline,
  lang,
  help,
};

/** The private error reply of a user error: the problem in one sentence, then the subcommand's usage. */
export function userErrorReply(error: CommandError, ctx: Ctx): Reply {
  const { t } = ctx;
  const text = t.problem(error.problem);
  const usage = error.command ? [context(t.usageLabel, ' ', { code: t.usage[error.command] })] : [];
  return errorReply(text, [paragraph(text), ...usage]);
}

/**
 * Runs `/secnumcloud <text>` for Slack and Discord alike. The reply is in the channel's stored language,
 * else the platform's locale (see localeLang), else French. User errors (bad arguments, an unknown
 * provider or id, no permission) come back as a private error reply and never throw; faults (the store
 * failing) do throw, for the adapter to log and answer with a generic error.
 */
export async function runCommand(text: string, inv: Invocation, deps: CommandDeps): Promise<Reply> {
  const stored = await deps.subscriptions.getLang(inv.channel);
  const ctx = makeCtx(inv, deps, stored ?? localeLang(inv.locale));
  try {
    const parsed = parseCommand(text);
    return await HANDLERS[parsed.command ?? 'help'](parsed, ctx);
  } catch (error) {
    if (error instanceof CommandError) return userErrorReply(error, ctx);
    throw error;
  }
}

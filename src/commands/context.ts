import { todayIn } from '../core/calendar.js';
import { CommandError } from './errors.js';
import type { CommandName } from './grammar.js';
import { messages, type Messages } from './i18n.js';
import type { CommandDeps, Invocation, Lang } from './ports.js';

/** What a subcommand works with: who asks and where, the ports, the channel's language, and "now". */
export interface Ctx {
  inv: Invocation;
  deps: CommandDeps;
  lang: Lang;
  t: Messages;
  now: Date;
  /** The calendar date of `now` in deps.timeZone. */
  today: string;
}

/**
 * The language of replies when the channel has none stored: French unless the platform's locale says
 * another language (Discord's guild_locale "en-US" gives English; Slack gives none, so French).
 */
export function localeLang(locale: string | undefined): Lang {
  if (!locale?.trim()) return 'fr';
  return /^fr\b/i.test(locale.trim()) ? 'fr' : 'en';
}

/** A context for one invocation, in the given language. */
export function makeCtx(inv: Invocation, deps: CommandDeps, lang: Lang): Ctx {
  const now = deps.clock();
  return { inv, deps, lang, t: messages(lang), now, today: todayIn(deps.timeZone, now) };
}

/** Throws the user error of a subcommand that changes the channel when the user may not manage it. */
export function requireManage(ctx: Ctx, command: CommandName): void {
  if (ctx.inv.canManage) return;
  const { cannotManageReason: reason, botMissing: missing } = ctx.inv;
  throw new CommandError({ kind: 'cannotManage', ...(reason ? { reason } : {}), ...(missing?.length ? { missing } : {}) }, command);
}

/** The calendar date of an ISO instant in deps.timeZone, or undefined when it is not a valid instant. */
export function dayOf(ctx: Ctx, instant: string): string | undefined {
  const d = new Date(instant);
  return Number.isNaN(d.getTime()) ? undefined : todayIn(ctx.deps.timeZone, d);
}

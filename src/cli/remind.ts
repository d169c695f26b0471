import { createSubscriptionStore } from '../store/subscription-store.js';
import { loadSources } from '../sources/sources-file.js';
import { runExpiry } from '../../workers/expiry.js';
import { openRuntime } from '../../workers/runtime.js';
import type { CliContext } from './context.js';

/** `remind [--commit]`: the expiry reminders due today, as JSON lines; stored (sent) only with --commit. */
export async function remindCommand(values: { commit: boolean }, ctx: CliContext): Promise<number> {
  const sources = await loadSources(ctx.config.SOURCES_FILE);
  const rt = await openRuntime(ctx.config, ctx.logger, () => sources);
  try {
    const events = await runExpiry({ ...rt, subscriptions: createSubscriptionStore(rt.redis, rt.keys), timeZone: ctx.config.TZ_REFERENCE, windows: ctx.config.REMINDER_WINDOWS }, sources, { commit: values.commit });
    for (const e of events) ctx.out(JSON.stringify(e));
    ctx.err(`${events.length} reminder(s) due${values.commit ? ', stored' : ' (not stored: add --commit)'}`);
    return 0;
  } finally {
    await rt.close();
  }
}

import { isFeedSource, type SourceConfig } from '../sources/schema.js';
import { loadSources } from '../sources/sources-file.js';
import { acceptHeld, pollSource } from '../../workers/poll-source.js';
import { openRuntime, type Runtime } from '../../workers/runtime.js';
import type { CliContext } from './context.js';
import { InputError } from './errors.js';
import { describeCommit, describeEvents, withProgress } from './poll-progress.js';

async function withRuntime<T>(ctx: CliContext, sources: readonly SourceConfig[], fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(ctx.config, ctx.logger, () => sources);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/**
 * `check [--source ID] [--commit]`: one poll of every enabled source (or of one, enabled or not). Change
 * events go to standard output as JSON lines; progress to standard error, one line per step (fetched or not
 * modified, rows parsed, events found by kind, committed or not). Exit 1 when a source failed.
 */
export async function checkCommand(values: { source?: string | undefined; commit: boolean }, ctx: CliContext): Promise<number> {
  const all = await loadSources(ctx.config.SOURCES_FILE);
  let sources: SourceConfig[] = all.filter((s) => s.enabled);
  if (values.source) {
    const one = all.find((s) => s.id === values.source);
    if (!one) throw new InputError(`unknown source "${values.source}" (sources: ${all.map((s) => s.id).join(', ')})`);
    sources = [one];
  }
  return withRuntime(ctx, all, async (rt) => {
    let failed = 0;
    for (const [i, source] of sources.entries()) {
      ctx.err(`[${i + 1}/${sources.length}] ${source.id}: fetching ${source.url}`);
      try {
        const r = await pollSource(withProgress(rt, source, ctx.err), source, { commit: values.commit });
        // A held SecNumCloud list does not hold the others: their events print too.
        if ('events' in r && r.events) for (const e of r.events) ctx.out(JSON.stringify(e));
        const found = describeEvents(source.id, r);
        if (found) ctx.err(found);
        ctx.err(describeCommit(source.id, r, values.commit));
      } catch (err) {
        failed++;
        const message = err instanceof Error ? err.message : String(err);
        if (values.commit) await rt.store.recordFailure(source.id, message, rt.clock(), ctx.config.FAILING_AFTER, source.name);
        ctx.err(`${source.id}: failed: ${message}${values.commit ? ' (recorded in the source\'s health)' : ''}`);
      }
    }
    return failed > 0 ? 1 : 0;
  });
}

/**
 * `accept <source>`: lets the held snapshot through (or, for a feed, the news its caps held back) as an operator's
 * decision; prints the events it releases.
 */
export async function acceptCommand(id: string, ctx: CliContext): Promise<number> {
  const known = await loadSources(ctx.config.SOURCES_FILE);
  const source = known.find((s) => s.id === id);
  if (!source) throw new InputError(`unknown source "${id}" (sources: ${known.map((s) => s.id).join(', ')})`);
  return withRuntime(ctx, known, async (rt) => {
    if (isFeedSource(source)) {
      const news = await rt.news.releaseHeld(source.id);
      if (news.length === 0) throw new InputError(`${id}: no held news to accept`);
      for (const e of news) ctx.out(JSON.stringify(e));
      ctx.err(`${id}: held news accepted, ${news.length} item(s) stored`);
      return 0;
    }
    const released = await acceptHeld(rt, source);
    if (!released) throw new InputError(`${id}: no held snapshot to accept`);
    for (const e of released.events) ctx.out(JSON.stringify(e));
    ctx.err(`${id}: held snapshot accepted${released.baseline ? ' as the baseline' : `, ${released.events.length} change(s) stored`}`);
    return 0;
  });
}

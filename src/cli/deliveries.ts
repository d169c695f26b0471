import { loadSources } from '../sources/sources-file.js';
import { createOutboxStore } from '../store/outbox-store.js';
import { openRuntime } from '../../workers/runtime.js';
import type { CliContext } from './context.js';
import { printTable } from './table.js';
import { InputError } from './errors.js';

/** `deliveries failed [n]`: the deliveries that failed for good, newest first, with the reason (a table). */
export async function deliveriesCommand(given: string | undefined, ctx: CliContext): Promise<number> {
  const count = given === undefined ? 50 : Number(given);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new InputError('count: a whole number from 1 to 10000');
  const sources = await loadSources(ctx.config.SOURCES_FILE);
  const rt = await openRuntime(ctx.config, ctx.logger, () => sources);
  try {
    const failed = await createOutboxStore(rt.redis, rt.keys).failed(count);
    if (failed.length === 0) {
      ctx.err('no delivery failed for good');
      return 0;
    }
    const rows = failed.map((f) => [f.at.slice(0, 19).replace('T', ' '), f.record.channel ? channelOf(f.record.channel) : '?', f.record.item ?? '?', f.record.error ?? '']);
    const header = ['failed at (UTC)', 'channel', 'change', 'reason'];
    printTable(ctx.out, header, rows);
    return 0;
  } finally {
    await rt.close();
  }
}

function channelOf(json: string): string {
  try {
    const c = JSON.parse(json) as { platform: string; workspace: string; channel: string };
    return `${c.platform}/${c.workspace}/${c.channel}`;
  } catch {
    return json;
  }
}

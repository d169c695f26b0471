import { rename, rm, writeFile } from 'node:fs/promises';
import { planImport, subscriptionsDocumentSchema, toDocument, type SubscriptionsDocument } from '../core/subscription-document.js';
import { createSubscriptionStore } from '../store/subscription-store.js';
import { createTargetStore } from '../store/target-store.js';
import { openRuntime } from '../../workers/runtime.js';
import type { CliContext } from './context.js';
import { InputError } from './errors.js';
import { readBytes } from './read-input.js';

/**
 * `subscriptions export [--file path]` and `subscriptions import <path|->`: moves every channel's
 * subscriptions, language and pause from one deployment to another (or into a backup) as a versioned JSON document.
 * Import merges, is all-or-nothing (a single invalid entry writes nothing, exit 2) and is idempotent. Targets' URLs
 * and secrets are marked as omitted unless `--with-secrets`.
 */
export async function exportCommand(opts: { file?: string; withSecrets?: boolean }, ctx: CliContext): Promise<number> {
  const values = { file: opts.file };
  const rt = await openRuntime(ctx.config, ctx.logger, () => []);
  let doc: SubscriptionsDocument;
  try {
    const store = createSubscriptionStore(rt.redis, rt.keys);
    const [subs, langs, pauses, targets] = await Promise.all([store.all(), store.languages(), store.pauses(), createTargetStore(rt.redis, rt.keys).all()]);
    doc = toDocument(subs, langs, pauses, rt.clock(), { stored: targets, secrets: opts.withSecrets === true });
  } finally {
    await rt.close();
  }
  const json = JSON.stringify(doc, null, 2);
  const count = doc.channels.reduce((n, c) => n + c.subscriptions.length, 0);
  if (values.file === undefined) ctx.out(json);
  else await writeWhole(values.file, `${json}\n`);
  ctx.err(`exported ${count} subscription(s) of ${doc.channels.length} channel(s)${values.file === undefined ? '' : ` to ${values.file}`}`);
  return 0;
}

export async function importCommand(path: string, ctx: CliContext): Promise<number> {
  const name = path === '-' ? 'standard input' : path;
  const doc = parseDocument(name, path === '-' ? await readStdin() : new TextDecoder().decode(await readBytes(path)));
  const rt = await openRuntime(ctx.config, ctx.logger, () => []);
  try {
    const store = createSubscriptionStore(rt.redis, rt.keys);
    const [subscriptions, languages, paused, targets] = await Promise.all([store.all(), store.languages(), store.pauses(), createTargetStore(rt.redis, rt.keys).all()]);
    const plan = planImport({ subscriptions, languages, paused, targets }, doc);
    await store.put(plan.subscriptions, plan.languages, plan.paused, plan.targets);
    const c = plan.counts;
    ctx.out(JSON.stringify(c));
    const pauses = c.pausedSet === undefined ? '' : `; paused channels: ${c.pausedSet} set, ${c.pausedUnchanged ?? 0} unchanged`;
    const targetsLine = c.targetsSet === undefined ? '' : `; targets: ${c.targetsSet} set, ${c.targetsMissing ?? 0} without URL or secret (export them --with-secrets, or add them again)`;
    ctx.err(`imported ${c.channels} channel(s) from ${name}: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged; languages: ${c.languagesSet} set, ${c.languagesUnchanged} unchanged${pauses}${targetsLine}`);
    return 0;
  } finally {
    await rt.close();
  }
}

/** The document, or one line saying what is wrong and where (at most five problems, then how many more). */
export function parseDocument(name: string, text: string): SubscriptionsDocument {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InputError(`${name}: not JSON (${(err as Error).message.replace(/\s+/g, ' ')})`);
  }
  const parsed = subscriptionsDocumentSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  // Another kind of document, or another version: that alone is the problem, not each field that follows from it.
  const header = parsed.error.issues.filter((i) => i.path.length === 1 && (i.path[0] === 'format' || i.path[0] === 'version'));
  const issues = header.length > 0 ? header.slice(0, 1) : parsed.error.issues;
  const problems = issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message.replace(/\s+/g, ' ')}`);
  const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
  throw new InputError(`${name}: ${problems.slice(0, 5).join('; ')}${more}; nothing imported`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes through a temporary file and a rename, so an interrupted export never leaves half a document. */
async function writeWhole(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such directory' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}`);
  }
}

import { Worker } from 'node:worker_threads';
import { ParseBudgetError, type ParseBudget } from '../budget.js';
import { SourceFormatError } from '../errors.js';
import type { ParseContext, ParsedDocument } from '../registry.js';
import type { ParseReply, ParseRequest } from './protocol.js';

/**
 * Parses untrusted documents in one long-lived worker thread, so that a document that costs too much CPU can
 * neither stall this process's event loop (health checks, deliveries, chat acks, BullMQ lock renewals) nor run
 * for ever: a parse over its time budget is stopped by killing the thread, which the next parse restarts.
 * Parses run one at a time, in order: two polls of one source never parse at once in a process, and the memory
 * a parse may use (bounded by the parsers' own budgets) is never taken twice.
 */
export interface ParserHost {
  /** Parses `bytes` with the adapter of `kind`. Rejects with a SourceFormatError for any fault of the document. */
  parse(kind: string, bytes: Uint8Array, ctx: ParseContext): Promise<ParsedDocument>;
  /** Parses done, threads started (1 + restarts) and parses stopped for overrunning their time. */
  stats(): { parses: number; threadsStarted: number; timeouts: number };
  /** Stops the thread; parses still waiting are rejected. */
  close(): Promise<void>;
}

export interface ParserHostOptions {
  budget: ParseBudget;
  /** The thread's V8 heap limit (the parsers bound their typed arrays themselves): 768 MB by default. */
  maxHeapMb?: number;
  /** Told when the thread is killed or dies, for the logs. */
  onThreadExit?: (info: { reason: 'timeout' | 'crash' | 'out-of-memory'; source: string; code?: number }) => void;
}

/** The parser raised something that is not a format error: a bug meeting this document. Retrying cannot help. */
export class ParserFaultError extends SourceFormatError {
  override readonly name: string = 'ParserFaultError';
}

/** A format error raised in the thread, rebuilt here with its own name (CatalogueFormatError, …). */
class ThreadFormatError extends SourceFormatError {
  constructor(message: string, override readonly name: string) {
    super(message);
  }
}

interface Pending {
  req: ParseRequest;
  warn?: (message: string) => void;
  resolve: (doc: ParsedDocument) => void;
  reject: (err: Error) => void;
}

/**
 * The thread's entry: the compiled .js next to this file; under tsx or vitest (this file is the .ts source), a
 * bootstrap that registers tsx's loader in the thread first (Node 20 does not apply `--import` hooks to a
 * worker's entry module).
 */
function threadEntry(): { entry: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { entry: new URL('./parse-thread.js', import.meta.url), eval: false };
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const thread = JSON.stringify(new URL('./parse-thread.ts', import.meta.url).href);
  return { entry: `import(${tsx}).then((m) => { m.register(); return import(${thread}); });`, eval: true };
}

export function createParserHost(options: ParserHostOptions): ParserHost {
  const queue: Pending[] = [];
  let current: Pending | undefined;
  let worker: Worker | undefined;
  let timer: NodeJS.Timeout | undefined;
  let nextId = 1;
  let closed = false;
  const counts = { parses: 0, threadsStarted: 0, timeouts: 0 };

  const spawn = (): Worker => {
    const { entry, eval: isEval } = threadEntry();
    const w = new Worker(entry, { eval: isEval, resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 768 } });
    counts.threadsStarted++;
    w.on('message', (reply: ParseReply) => onReply(w, reply));
    w.on('error', (err) => onExit(w, (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'crash'));
    w.on('exit', (code) => onExit(w, 'crash', code));
    return w;
  };

  const settle = (): Pending | undefined => {
    const p = current;
    current = undefined;
    clearTimeout(timer);
    worker?.unref();
    return p;
  };

  const onReply = (w: Worker, reply: ParseReply): void => {
    if (w !== worker || !current || reply.id !== current.req.id) return;
    const p = settle()!;
    counts.parses++;
    for (const m of reply.warnings) p.warn?.(m);
    if (reply.ok) p.resolve(reply.doc);
    else if (reply.error.format) p.reject(new ThreadFormatError(reply.error.message, reply.error.name));
    else {
      const err = new ParserFaultError(`the ${p.req.kind} parser failed on this document: ${reply.error.name}: ${reply.error.message}`);
      if (reply.error.stack) err.stack = reply.error.stack;
      p.reject(err);
    }
    next();
  };

  const onExit = (w: Worker, reason: 'crash' | 'out-of-memory', code?: number): void => {
    if (w !== worker) return;
    worker = undefined;
    const p = settle();
    if (!p) return next();
    options.onThreadExit?.({ reason, source: p.req.source, ...(code !== undefined ? { code } : {}) });
    p.reject(
      reason === 'out-of-memory'
        ? new ParseBudgetError(`${p.req.source}: the document needs more memory than a parse may use (${options.maxHeapMb ?? 768} MB)`)
        : new ParserFaultError(`${p.req.source}: the parser thread stopped while parsing this document (exit code ${code ?? 'unknown'})`),
    );
    next();
  };

  const onTimeout = (): void => {
    const w = worker;
    worker = undefined;
    const p = settle();
    if (!p) return;
    counts.timeouts++;
    options.onThreadExit?.({ reason: 'timeout', source: p.req.source });
    void w?.terminate();
    p.reject(new ParseBudgetError(`${p.req.source}: parsing took longer than ${Math.round(p.req.budget.timeMs / 1000)} s and was stopped`));
    next();
  };

  const next = (): void => {
    if (current || closed) return;
    const p = queue.shift();
    if (!p) return;
    current = p;
    worker ??= spawn();
    worker.ref();
    timer = setTimeout(onTimeout, p.req.budget.timeMs);
    // The thread takes the copy; the caller keeps its bytes (it hashes and may store them).
    const copy = p.req.bytes.slice();
    worker.postMessage({ ...p.req, bytes: copy }, [copy.buffer as ArrayBuffer]);
  };

  return {
    parse(kind, bytes, ctx) {
      if (closed) return Promise.reject(new Error('the parser host is closed'));
      const req: ParseRequest = {
        id: nextId++,
        kind,
        bytes,
        source: ctx.source,
        ...(ctx.contentType ? { contentType: ctx.contentType } : {}),
        ...(ctx.baseUrl ? { baseUrl: ctx.baseUrl } : {}),
        ...(ctx.settings !== undefined ? { settings: ctx.settings } : {}),
        budget: ctx.budget ?? options.budget,
      };
      return new Promise<ParsedDocument>((resolve, reject) => {
        queue.push({ req, resolve, reject, ...(ctx.warn ? { warn: ctx.warn } : {}) });
        next();
      });
    },
    stats: () => ({ ...counts }),
    async close() {
      closed = true;
      const p = settle();
      const w = worker;
      worker = undefined;
      for (const q of [...(p ? [p] : []), ...queue.splice(0)]) q.reject(new Error('the parser host is closed'));
      await w?.terminate();
    },
  };
}

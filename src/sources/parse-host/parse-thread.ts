/**
 * The parser thread: parses one document at a time for the host (parse-host.ts) with its kind's adapter.
 * It holds nothing between requests but the loaded adapters (pdfjs's import alone costs ~0.4 s), so the host
 * can kill it at any moment (a parse over its time budget) and start a fresh one.
 */
import { parentPort } from 'node:worker_threads';
import { SourceFormatError } from '../errors.js';
import { loadAdapter } from '../registry.js';
import type { ParseReply, ParseRequest } from './protocol.js';

async function handle(req: ParseRequest): Promise<ParseReply> {
  const warnings: string[] = [];
  try {
    const adapter = await loadAdapter(req.kind);
    if (!adapter) throw new SourceFormatError(`no source adapter for kind "${req.kind}"`);
    const doc = await adapter.parse(req.bytes, {
      source: req.source,
      ...(req.contentType ? { contentType: req.contentType } : {}),
      ...(req.baseUrl ? { baseUrl: req.baseUrl } : {}),
      ...(req.settings !== undefined ? { settings: req.settings } : {}),
      budget: req.budget,
      warn: (message) => warnings.push(message),
    });
    return { id: req.id, ok: true, doc, warnings };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const error = { name: e.name, message: e.message, format: e instanceof SourceFormatError, ...(e.stack ? { stack: e.stack } : {}) };
    return { id: req.id, ok: false, error, warnings };
  }
}

parentPort?.on('message', (req: ParseRequest) => {
  void handle(req).then((reply) => parentPort?.postMessage(reply));
});

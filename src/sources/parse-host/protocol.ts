import type { ParseBudget } from '../budget.js';
import type { ParsedDocument } from '../registry.js';

/** One document to parse, as the host hands it to the parser thread. */
export interface ParseRequest {
  id: number;
  kind: string;
  bytes: Uint8Array;
  source: string;
  contentType?: string;
  baseUrl?: string;
  settings?: unknown;
  budget: ParseBudget;
}

/** What the parser thread answers: the records and the adapter's warnings, or the error it raised. */
export type ParseReply =
  | { id: number; ok: true; doc: ParsedDocument; warnings: string[] }
  | { id: number; ok: false; error: { name: string; message: string; format: boolean; stack?: string }; warnings: string[] };

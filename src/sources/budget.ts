import { SourceFormatError } from './errors.js';

/**
 * What one parse of an untrusted document may spend. The fetch caps the bytes downloaded; these cap what the
 * parser makes of them: bytes produced by decoding (PDF filters, a page or feed decoded to text), nesting depth
 * (checked before any tree is built) and wall time (enforced by the parser host, which kills a parse that overruns).
 */
export interface ParseBudget {
  /** Bytes any decoding of the document may produce in all (inflated PDF streams, decoded text). */
  maxDecodedBytes: number;
  /** Deepest element nesting a markup document (feed, page) may have. */
  maxDepth: number;
  /** Wall time of one parse, in milliseconds. */
  timeMs: number;
}

/** Real documents nest a few dozen levels; 256 leaves room for any real page while a bomb is refused early. */
export const MAX_MARKUP_DEPTH = 256;

/** The real catalogue (2 MB) parses in about a second; a minute is generous even on a loaded machine. */
export const PARSE_TIME_MS = 60_000;

/**
 * The budget derived from the fetch cap: decoded bytes at most 4 × FETCH_MAX_BYTES, and never more than 256 MB,
 * so that a compression bomb that fits the download cap cannot exhaust memory.
 */
export function budgetFor(fetchMaxBytes: number, overrides: Partial<ParseBudget> = {}): ParseBudget {
  return {
    maxDecodedBytes: Math.min(4 * fetchMaxBytes, 256 * 1024 * 1024),
    maxDepth: MAX_MARKUP_DEPTH,
    timeMs: PARSE_TIME_MS,
    ...overrides,
  };
}

/** The budget when no configuration says otherwise: the default FETCH_MAX_BYTES (50 MB). */
export const DEFAULT_PARSE_BUDGET: ParseBudget = budgetFor(50_000_000);

/** A document that would cost more than its budget: a SourceFormatError (exit 2, never retried as is). */
export class ParseBudgetError extends SourceFormatError {
  override readonly name: string = 'ParseBudgetError';
}

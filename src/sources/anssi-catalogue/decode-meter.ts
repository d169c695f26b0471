import { DEFAULT_PARSE_BUDGET, ParseBudgetError, type ParseBudget } from '../budget.js';

/** What one document has decoded so far, and the refusal once it went over budget. */
interface Meter {
  budget: ParseBudget;
  spent: number;
  refusal?: ParseBudgetError;
}

// pdfjs decodes in this thread, with no handle from a stream to its document: the meter of the document being
// parsed is module state, and parses that meter are run one at a time (they share one thread anyway).
let current: Meter | undefined;
let queue: Promise<unknown> = Promise.resolve();

const mb = (n: number): string => `${Math.round(n / 1e6)} MB`;

/**
 * Called by pdfjs's decoders (see ./pdfjs.ts) before they take memory for decoded bytes: `growth` more bytes,
 * making `size` for the stream being decoded. Throws ParseBudgetError, before the allocation, when the stream
 * or the document's total would go over `maxDecodedBytes`; once refused, a document is refused every decoding
 * after, so a refusal that pdfjs catches (it falls back from one decoder to another, or from a font that fails
 * to a default one) still ends the work. Outside a metered parse, a stream alone is held to the default budget.
 */
export function chargeDecoded(growth: number, size: number): void {
  const meter = current;
  const max = (meter?.budget ?? DEFAULT_PARSE_BUDGET).maxDecodedBytes;
  if (meter?.refusal) throw meter.refusal;
  if (meter) meter.spent += growth;
  const over =
    size > max ? `a stream of the PDF decodes to more than ${mb(max)}` : meter && meter.spent > max ? `the PDF's streams decode to more than ${mb(max)} in all` : undefined;
  if (over === undefined) return;
  const refusal = new ParseBudgetError(`${over}, over the parse budget: refused as a compression bomb`);
  if (meter) meter.refusal = refusal;
  throw refusal;
}

/**
 * Runs `parse` with its decoding metered against `budget`, after any metered parse still running. When the
 * document went over budget, the ParseBudgetError is what this rejects with, whatever `parse` made of it
 * (pdfjs wraps errors it sends between its two halves; callers wrap pdfjs's errors in their own).
 */
export function withDecodeBudget<T>(budget: ParseBudget, parse: () => Promise<T>): Promise<T> {
  const run = async (): Promise<T> => {
    const meter: Meter = { budget, spent: 0 };
    current = meter;
    try {
      const result = await parse();
      if (meter.refusal) throw meter.refusal;
      return result;
    } catch (err) {
      throw meter.refusal ?? err;
    } finally {
      current = undefined;
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

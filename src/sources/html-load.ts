import * as cheerio from 'cheerio';
import { decodeHtml } from './anssi-page/decode.js';
import { ParseBudgetError, type ParseBudget } from './budget.js';
import { checkHtmlTree, NODE_BYTES } from './html-depth.js';

/**
 * An untrusted HTML body as a cheerio document, within `budget`: the body is decoded (BOM, then the
 * Content-Type's charset, then a `<meta>`, else UTF-8) and refused before any tree is built when it is larger
 * than `budget.maxDecodedBytes`, nests elements deeper than `budget.maxDepth` or has more elements than a
 * tree of about `budget.maxDecodedBytes` would hold (ParseBudgetError). The checks are linear in the body's
 * size, and so is the parse of what passes them.
 *
 * Throws PageFormatError (one line) for a body that is not HTML at all: empty, a PDF, binary data.
 * Both are SourceFormatErrors.
 */
export function loadHtmlDocument(bytes: Uint8Array, contentType: string | undefined, budget: ParseBudget): cheerio.CheerioAPI {
  // Checked on the bytes, before decoding: TextDecoder never yields more UTF-16 code units than it was given bytes.
  if (bytes.length > budget.maxDecodedBytes) {
    throw new ParseBudgetError(`the page is ${bytes.length} bytes, over the parse budget of ${budget.maxDecodedBytes}`);
  }
  const html = decodeHtml(bytes, contentType);
  checkHtmlTree(html, budget.maxDepth, Math.floor(budget.maxDecodedBytes / NODE_BYTES));
  return cheerio.load(html);
}

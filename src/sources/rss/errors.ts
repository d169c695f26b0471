import { SourceFormatError } from '../errors.js';

/**
 * The document is not a feed we can read: empty, text or HTML, XML of another kind, truncated or
 * malformed XML, or an RSS/Atom document whose structure rss-parser cannot follow. One line, no stack.
 */
export class FeedFormatError extends SourceFormatError {
  override readonly name = 'FeedFormatError';
}

/**
 * A document that is not what its source promises: unreadable, truncated, another kind of document,
 * or a known document whose layout changed. Never retried as-is, never diffed, never alerted on.
 * The CLI maps it to exit code 2 with its one-line message.
 */
export class SourceFormatError extends Error {
  override readonly name: string = 'SourceFormatError';
}

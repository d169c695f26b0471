/**
 * The tracker cannot start, or cannot go on, for a reason the operator fixes (a port taken, an embedded Redis that
 * cannot be restarted): everything that had started is stopped first, then one line and exit 1.
 */
export class FatalError extends Error {
  override readonly name = 'FatalError';
}

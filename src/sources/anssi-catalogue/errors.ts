import { SourceFormatError } from '../errors.js';

/**
 * The document is not a catalogue we can trust: not a PDF, truncated, another PDF,
 * or a catalogue whose SecNumCloud table no longer has the expected layout.
 */
export class CatalogueFormatError extends SourceFormatError {
  override readonly name = 'CatalogueFormatError';
}

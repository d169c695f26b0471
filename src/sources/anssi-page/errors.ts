import { SourceFormatError } from '../errors.js';

/**
 * The body is not an HTML page (a PDF, binary data, nothing at all), or a selector of the source's
 * settings is not valid CSS. A page that is HTML but lists nothing is not this error: it parses to
 * an empty list, which the trust guard holds as `source.suspect`.
 */
export class PageFormatError extends SourceFormatError {
  override readonly name = 'PageFormatError';
}

/** Leading whitespace, declarations, processing instructions, comments and a DOCTYPE (with its internal subset). */
const PROLOG = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)*/i;
const START_TAG = /^<([A-Za-z_][\w.:-]*)/;

/** The feed dialects rss-parser reads: RSS 0.9x/2.0 (`<rss>`), RSS 1.0 (`<rdf:RDF>`), Atom (`<feed>`). */
export type FeedFormat = 'rss' | 'rdf' | 'atom';

/** What the document starts with: its root element's name, or a short description of what is there instead. */
export type Root = { element: string; format?: FeedFormat } | { element?: undefined; found: string };

/**
 * Reads the name of the root element without parsing the document, so a page that is not a feed is
 * named as such ("root element <html>") rather than by whatever error the XML parser meets first.
 * `<rss>`, `<rdf:RDF>` and `<feed>` (the names rss-parser knows) are feeds.
 */
export function readRoot(text: string): Root {
  const rest = text.slice(PROLOG.exec(text)?.[0].length ?? 0);
  const name = START_TAG.exec(rest)?.[1];
  if (name === undefined) {
    if (rest.length === 0) return { found: text.trim() === '' ? 'empty document' : 'no root element after the XML prolog' };
    const start = rest.slice(0, 24).replace(/\s+/g, ' ').replace(/\p{Cc}/gu, '?');
    return { found: `no root element; starts with "${start}${rest.length > 24 ? '…' : ''}"` };
  }
  const format: FeedFormat | undefined =
    name === 'rss' ? 'rss' : name === 'rdf:RDF' ? 'rdf' : name === 'feed' ? 'atom' : undefined;
  return format ? { element: name, format } : { element: name };
}

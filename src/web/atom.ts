/**
 * An Atom 1.0 document (RFC 4287) from a plain model: the writer knows the format, nothing about changes.
 *
 * Every string is escaped here and only here, and characters XML 1.0 forbids (control characters a news
 * feed may carry, lone surrogates) are dropped, so text from a source can never break the document or
 * become markup. Pure.
 */

export interface AtomLink {
  href: string;
  rel: 'self' | 'alternate' | 'related';
  type?: string;
  hreflang?: string;
  title?: string;
}

export interface AtomEntry {
  /** A URI that never changes for this entry (RFC 4287 §4.2.6). */
  id: string;
  title: string;
  /** RFC 3339 instants. */
  updated: string;
  published?: string;
  links: AtomLink[];
  summary?: string;
  categories: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  updated: string;
  lang: string;
  links: AtomLink[];
  author: { name: string; uri?: string };
  generator: { name: string; version: string };
  entries: AtomEntry[];
}

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

/** Characters outside XML 1.0's Char production (§2.2): C0 controls but tab, LF and CR; lone surrogates; U+FFFE/F. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe inside an element or a double-quoted attribute. */
export function xmlEscape(s: string): string {
  return s
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attrs = (a: Record<string, string | undefined>): string =>
  Object.entries(a)
    .filter((kv): kv is [string, string] => kv[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(v)}"`)
    .join('');

const el = (name: string, text: string, indent: string, a: Record<string, string | undefined> = {}): string =>
  `${indent}<${name}${attrs(a)}>${xmlEscape(text)}</${name}>`;

const link = (l: AtomLink, indent: string): string =>
  `${indent}<link${attrs({ rel: l.rel, type: l.type, hreflang: l.hreflang, title: l.title, href: l.href })}/>`;

function entryXml(e: AtomEntry): string[] {
  const i = '    ';
  return [
    '  <entry>',
    el('id', e.id, i),
    el('title', e.title, i, { type: 'text' }),
    el('updated', e.updated, i),
    ...(e.published ? [el('published', e.published, i)] : []),
    ...e.links.map((l) => link(l, i)),
    ...e.categories.map((term) => `${i}<category${attrs({ term })}/>`),
    ...(e.summary ? [el('summary', e.summary, i, { type: 'text' })] : []),
    '  </entry>',
  ];
}

/** The feed as a UTF-8 XML document, entries in the order given. */
export function renderAtom(f: AtomFeed): string {
  const i = '  ';
  const author = [`${i}<author>`, el('name', f.author.name, `${i}  `), ...(f.author.uri ? [el('uri', f.author.uri, `${i}  `)] : []), `${i}</author>`];
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${attrs({ 'xml:lang': f.lang })}>`,
    el('id', f.id, i),
    el('title', f.title, i, { type: 'text' }),
    ...(f.subtitle ? [el('subtitle', f.subtitle, i, { type: 'text' })] : []),
    el('updated', f.updated, i),
    ...f.links.map((l) => link(l, i)),
    ...author,
    el('generator', f.generator.name, i, { version: f.generator.version }),
    ...f.entries.flatMap(entryXml),
    '</feed>',
    '',
  ].join('\n');
}

/**
 * HTML built with one tagged template that escapes every interpolated value, so text from a source (offer
 * names from a PDF, titles from feeds, error messages) can never become markup. Only what another `html`
 * template produced is inserted as is; the one other way in is `styleElement`, for the program's own stylesheet.
 */

const SAFE = Symbol('safe-html');

/** Markup produced by `html` (or `join`): the only values interpolated without escaping. */
export interface SafeHtml {
  readonly [SAFE]: true;
  readonly text: string;
}

/** What may be interpolated: text (escaped), numbers, markup, lists of these; undefined, null and false print nothing. */
export type HtmlValue = SafeHtml | string | number | undefined | null | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and for quoted attribute values alike. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const safe = (text: string): SafeHtml => ({ [SAFE]: true, text });

const isSafe = (v: unknown): v is SafeHtml => typeof v === 'object' && v !== null && SAFE in v;

function render(v: HtmlValue): string {
  if (v === undefined || v === null || v === false) return '';
  if (isSafe(v)) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** `html\`<p>${text}</p>\``: the literal parts are markup, every interpolated value is escaped unless it is SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return safe(out);
}

/** Items joined by a separator (itself escaped when it is text). */
export const join = (items: readonly HtmlValue[], sep: HtmlValue): SafeHtml =>
  safe(items.map(render).join(render(sep)));

/**
 * `<style>` around the program's own stylesheet, byte for byte (a Content-Security-Policy hash allows exactly
 * it). Never for data: style text is not escaped, so it is refused if it could close the element.
 */
export function styleElement(css: string): SafeHtml {
  if (/<\/style/i.test(css)) throw new Error('a stylesheet must not contain "</style"');
  return safe(`<style>${css}</style>`);
}

/**
 * A URL fit for an href: absolute http or https only. A `javascript:` or `data:` URL read from a document
 * would survive escaping and run on click, so anything else is shown as text rather than linked.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

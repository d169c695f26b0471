import type { Inline } from '../commands/reply.js';

/*
 * Inline content of a reply as HTML, for the platforms that send HTML (Matrix, e-mail): shared by them, so not in
 * their folders (a platform never imports another).
 */

/** HTML's special characters escaped: text from a source never becomes markup, a link or a mention. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A link's target when it is http(s), escaped; else undefined (the label and address are printed as text). */
export const safeHref = (url: string): string | undefined => (/^https?:\/\//i.test(url) ? escapeHtml(url) : undefined);

export function inlineHtml(content: readonly Inline[]): string {
  return content
    .map((c) => {
      if (typeof c === 'string') return escapeHtml(c);
      if ('bold' in c) return `<strong>${escapeHtml(c.bold)}</strong>`;
      if ('code' in c) return `<code>${escapeHtml(c.code)}</code>`;
      const href = safeHref(c.link);
      return href ? `<a href="${href}">${escapeHtml(c.label)}</a>` : escapeHtml(`${c.label} (${c.link})`);
    })
    .join('');
}

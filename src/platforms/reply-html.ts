import type { Block, Inline } from '../commands/reply.js';

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

/**
 * A block as HTML. What differs between the platforms is how loud a heading is (`heading`: its level) and how small
 * print is marked (`context`: wraps the inline HTML).
 */
export function blockHtml(b: Block, look: { heading: number; context: (html: string) => string }): string {
  switch (b.type) {
    case 'heading':
      return `<h${look.heading}>${escapeHtml(b.text)}</h${look.heading}>`;
    case 'paragraph':
      return `<p>${inlineHtml(b.content)}</p>`;
    case 'context':
      return look.context(inlineHtml(b.content));
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</ul>`;
    case 'fields':
      return `<ul>${b.fields.map((f) => `<li><strong>${escapeHtml(f.label)}</strong> : ${inlineHtml(f.value)}</li>`).join('')}</ul>`;
  }
}

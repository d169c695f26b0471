import { alertReply } from '../../commands/alert.js';
import type { Lang } from '../../commands/ports.js';
import type { Block, Inline, Reply } from '../../commands/reply.js';
import type { SendItem } from '../../core/delivery.js';
import type { DigestMode } from '../../core/targets.js';
import { WORDS } from './words.js';

import { blockHtml, escapeHtml as escape } from '../reply-html.js';

/** Small print in a muted paragraph (mail clients ignore most CSS but inline styles). */
const small = (html: string): string => `<p style="color:#555;font-size:90%">${html}</p>`;
/** A subject is one line, of a length every client shows whole. */
const oneLine = (s: string, max: number): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
};

const inlineText = (content: readonly Inline[]): string =>
  content.map((c) => (typeof c === 'string' ? c : 'bold' in c ? c.bold : 'code' in c ? c.code : `${c.label} <${c.link}>`)).join('');

function blockText(b: Block): string {
  switch (b.type) {
    case 'heading':
      return `${b.text}\n${'='.repeat(Math.min(b.text.length, 72))}`;
    case 'paragraph':
    case 'context':
      return inlineText(b.content);
    case 'list':
      return b.items.map((i) => `- ${inlineText(i)}`).join('\n');
    case 'fields':
      return b.fields.map((f) => `${f.label} : ${inlineText(f.value)}`).join('\n');
  }
}

/** A reply's blocks, led by its heading (the summary when it has none). */
const withHeading = (r: Reply): Block[] => (r.blocks[0]?.type === 'heading' ? r.blocks : [{ type: 'heading', text: r.summary }, ...r.blocks]);

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface EmailFormatOptions {
  /** The target's digest mode: names a digest ("Daily digest"). */
  mode: DigestMode;
  /** PUBLIC_URL: alerts link the provider's page. */
  publicUrl?: string;
  /** The target's unsubscribe link; absent (no PUBLIC_URL): the footer says whom to ask instead, never a broken link. */
  unsubscribeUrl?: string;
}

/**
 * The subject: one change's own summary, or a digest's count by kind ("Résumé du jour : 3 changements (2 ajouts,
 * 1 retrait)"), so that an inbox tells what changed without opening the message.
 */
export function emailSubject(item: SendItem, lang: Lang, mode: DigestMode): string {
  const w = WORDS[lang];
  if (!('digest' in item)) return oneLine(`[${w.prefix}] ${alertReply(item, lang).summary}`, 160);
  const counts = new Map<string, number>();
  for (const { event } of item.digest) counts.set(event.kind, (counts.get(event.kind) ?? 0) + 1);
  const kinds = [...counts].map(([k, n]) => w.kind(k, n)).join(', ');
  const colon = lang === 'fr' ? ' : ' : ': ';
  return oneLine(`[${w.prefix}] ${w.digest[mode]}${colon}${w.changes(item.digest.length)} (${kinds})`, 160);
}

/**
 * One delivery as an e-mail: its subject, a plain-text body and its HTML twin (multipart/alternative), in the
 * target's language. A digest shows every change in full, each under its own heading. Nothing in it depends on the
 * attempt: a retry sends the same message (with the same Message-ID, set by the sender).
 */
export function toEmail(item: SendItem, lang: Lang, opts: EmailFormatOptions): EmailContent {
  const w = WORDS[lang];
  const alertOpts = opts.publicUrl ? { publicUrl: opts.publicUrl } : {};
  const subject = emailSubject(item, lang, opts.mode);
  const parts: Array<{ level: number; blocks: Block[] }> = [];
  if ('digest' in item) {
    const title = subject.replace(/^\[[^\]]*\]\s*/, '');
    parts.push({ level: 1, blocks: [{ type: 'heading', text: title }] });
    for (const member of item.digest) parts.push({ level: 2, blocks: withHeading(alertReply(member, lang, alertOpts)) });
  } else {
    parts.push({ level: 2, blocks: withHeading(alertReply(item, lang, alertOpts)) });
  }
  const footerText = opts.unsubscribeUrl ? `${w.why}\n${w.unsubscribe}${lang === 'fr' ? ' : ' : ': '}${opts.unsubscribeUrl}` : `${w.why}\n${w.noLink}`;
  const footerHtml = opts.unsubscribeUrl
    ? `<p>${escape(w.why)}<br><a href="${escape(opts.unsubscribeUrl)}">${escape(w.unsubscribe)}</a></p>`
    : `<p>${escape(w.why)}<br>${escape(w.noLink)}</p>`;
  const text = [...parts.map((p) => p.blocks.map(blockText).join('\n\n')), `-- \n${footerText}`].join('\n\n');
  const body = parts.map((p) => p.blocks.map((b) => blockHtml(b, { heading: p.level, context: small })).join('\n')).join('\n<hr>\n');
  const html = `<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${escape(subject)}</title></head>\n<body style="font-family:sans-serif;max-width:48em">\n${body}\n<hr>\n<footer style="color:#555;font-size:90%">${footerHtml}</footer>\n</body></html>\n`;
  return { subject, text: `${text}\n`, html };
}

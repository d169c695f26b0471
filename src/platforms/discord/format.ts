// The light packages discord.js is made of: the delivery path (worker role) must not load the gateway client.
import { escapeMarkdown } from '@discordjs/formatters';
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { inlineText, type Block, type Inline, type Reply } from '../../commands/reply.js';

/** A message body for Discord (channel message, interaction reply); ephemeral `flags` are the caller's. */
export interface DiscordMessage {
  /** One line, the reply's summary: what notifications show (they show no embed). Escaped. */
  content: string;
  embeds: APIEmbed[];
  /** Always none: even text that slipped through escaping pings no one. */
  allowed_mentions: { parse: [] };
}

/** Discord's limits, in UTF-16 code units (at least as strict as Discord's own count). */
export const DISCORD_LIMITS = { content: 2000, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, embedTotal: 6000, embeds: 10 } as const;
/** Ours, below Discord's 2048: title + description + footer + the overflow mark then always fit in 6000. */
const FOOTER_MAX = 1024;
/** A reply split across messages uses at most this many (a chat is not a document). */
export const MAX_MESSAGES = 3;
/** Decoration only: the heading and the summary say what happened in words. */
const COLOURS = { ok: 0x2e7d32, info: 0x1f6feb, error: 0xc62828 } as const;
const ZWSP = '\u200b';

const unmention = (s: string): string => s.replace(/@(everyone|here)/gi, `@${ZWSP}$1`);

/** An escape, a bare URL (whose underscores must stay), or a markup character escapeMarkdown may have left. */
const LEFT = /\\[^]|https?:\/\/[^\s<>[\]|`*\\]+|[*_~|`[\]<>]/gu;

/**
 * Escapes text from a source for Discord's markdown: discord.js's `escapeMarkdown` (bold, code, spoilers,
 * headings, lists…), then every markup character it left (it leaves runs of `*`, brackets and angle brackets),
 * so no masked link, no `<@id>`/`<#id>`/`<@&id>` mention, no quote; and a zero-width space after the `@` of
 * `@everyone`/`@here`. Every escape is a backslash before one character: a cut between characters (never after
 * a lone backslash) keeps the text inert.
 */
export function escapeDiscord(s: string): string {
  const md = escapeMarkdown(s, { heading: true, bulletedList: true, numberedList: true });
  return unmention(md.replace(LEFT, (t) => (t.length === 1 ? `\\${t}` : t)).replace(/^(\s*)-#/gm, '$1\\-#'));
}

/** Rendered markdown, cut only between atoms (an escape and its character, a code point); `close` survives a cut. */
interface Run { open: string; atoms: string[]; close: string }

const raw = (s: string): Run => ({ open: '', atoms: s.match(/\\[^]|[^]/gu) ?? [], close: '' });
/** Source text, escaped; what lies past `max` characters could never be shown, so it is not escaped (escapeMarkdown is slow). */
const text = (s: string, max: number): Run => raw(escapeDiscord(s.length > max ? s.slice(0, max + 1) : s));
const wrap = (open: string, inner: Run, close = open): Run => ({ ...inner, open, close });
const pct = (c: string): string => (c.charCodeAt(0) < 128 ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : encodeURIComponent(c));

/** Our own links: a masked link only to an http(s) URL that cannot close it early; otherwise just the label. */
function link(url: string, label: string, max: number): Run {
  const shown = text((label.trim() || url).replace(/\[/g, '(').replace(/\]/g, ')'), max);
  if (!/^https?:\/\/[^\s]/i.test(url)) return shown;
  return wrap('[', shown, `](<${url.replace(/[\s<>()[\]\\|"'`]/g, pct)}>)`);
}

function inline(content: readonly Inline[], max: number): Run[] {
  // Adjacent strings are escaped together, so '@' + 'everyone' cannot meet after escaping.
  const merged = content.reduce<Inline[]>((acc, c) => {
    const last = acc[acc.length - 1];
    if (typeof c === 'string' && typeof last === 'string') acc[acc.length - 1] = last + c;
    else acc.push(c);
    return acc;
  }, []);
  return merged.flatMap((c): Run[] => {
    if (typeof c === 'string') return [text(c, max)];
    if ('bold' in c) return c.bold ? [wrap('**', text(c.bold, max))] : [];
    if ('code' in c) return c.code ? [wrap('`', raw(unmention(c.code.replace(/`/g, 'ˋ'))))] : [];
    return [link(c.link, c.label, max)];
  });
}

const whole = (r: Run): string => r.open + r.atoms.join('') + r.close;

/** The runs as one string of at most `max`; a cut ends in '…' inside any markup it interrupts, at a word if near. */
function fit(runs: readonly Run[], max: number): string {
  const full = runs.map(whole).join('');
  if (full.length <= max) return full;
  let out = '';
  for (const r of runs) {
    const w = whole(r);
    if (out.length + w.length <= max - 1) {
      out += w;
      continue;
    }
    const room = max - 1 - out.length - r.open.length - r.close.length;
    let n = 0;
    for (let len = 0; n < r.atoms.length && len + r.atoms[n]!.length <= room; n++) len += r.atoms[n]!.length;
    const space = r.atoms.slice(0, n).findLastIndex((a) => /^\s$/.test(a));
    if (space > 0 && n - space < 40) n = space;
    return n > 0 && room > 0 ? `${out}${r.open}${r.atoms.slice(0, n).join('')}…${r.close}` : `${out}…`;
  }
  return out;
}

type Item = { kind: 'title'; text: string } | { kind: 'text'; runs: Run[]; sep: string } | { kind: 'field'; field: APIEmbedField };

function items(blocks: readonly Block[]): Item[] {
  return blocks.flatMap((b): Item[] => {
    switch (b.type) {
      case 'heading':
        return [{ kind: 'title', text: fit([text(b.text, DISCORD_LIMITS.title)], DISCORD_LIMITS.title) }];
      case 'paragraph':
        return [{ kind: 'text', runs: inline(b.content, DISCORD_LIMITS.description), sep: '\n\n' }];
      case 'list':
        return b.items.map((i, n) => ({ kind: 'text', runs: [raw('• '), ...inline(i, DISCORD_LIMITS.description)], sep: n === 0 ? '\n\n' : '\n' }));
      case 'fields':
        return b.fields.map((f) => {
          const name = fit([text(f.label, DISCORD_LIMITS.fieldName)], DISCORD_LIMITS.fieldName) || ZWSP;
          const value = fit(inline(f.value, DISCORD_LIMITS.fieldValue), DISCORD_LIMITS.fieldValue) || ZWSP;
          return { kind: 'field', field: { name, value, inline: name.length <= 40 && value.length <= 60 && !value.includes('\n') } };
        });
      case 'context':
        return [];
    }
  });
}

/** What counts toward the 6000 characters of a message's embeds. */
export function embedChars(e: APIEmbed): number {
  const fields = (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + fields + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
}

/**
 * Lays the blocks out in reading order. The first heading is the title; a later heading starts a new embed.
 * Paragraphs and list items join the description until a field has been placed (fields show below it); fields
 * fill up to 25 per embed. What does not fit moves to a new embed (10 per message, 6000 characters with the
 * footer reserved), then to a new message; past `maxMessages`, a text is cut with '…' where it stands and the
 * rest is dropped, marked by a last footer line '…'. Context blocks become the footer of the last embed.
 */
function layout(reply: Reply, maxMessages: number): APIEmbed[][] {
  const contexts = reply.blocks.flatMap((b) => (b.type === 'context' ? [unmention(inlineText(b.content))] : []));
  const footer = fit([raw(contexts.join('\n'))], FOOTER_MAX);
  const reserve = footer.length + 2; // the footer, and '\n…' if something is dropped
  const msgs: APIEmbed[][] = [];
  let used = 0;
  let embed: APIEmbed | undefined;
  const room = () => DISCORD_LIMITS.embedTotal - reserve - used;
  /** A new embed: in the current message if it has room for `size`, else in a new message if allowed. */
  const open = (size: number): APIEmbed | undefined => {
    const msg = msgs[msgs.length - 1];
    embed = { color: COLOURS[reply.tone] };
    if (msg && msg.length < DISCORD_LIMITS.embeds && size <= room()) msg.push(embed);
    else if (msgs.length < maxMessages) {
      msgs.push([embed]);
      used = 0;
    } else return (embed = undefined);
    return embed;
  };
  for (const it of items(reply.blocks)) {
    if (it.kind === 'title') {
      const e = open(it.text.length);
      if (!e) return finish(msgs, reply, footer, true);
      e.title = it.text;
      used += it.text.length;
    } else if (it.kind === 'field') {
      const size = it.field.name.length + it.field.value.length;
      const e = embed && (embed.fields?.length ?? 0) < DISCORD_LIMITS.fields && size <= room() ? embed : open(size);
      if (!e) return finish(msgs, reply, footer, true);
      (e.fields ??= []).push(it.field);
      used += size;
    } else {
      const s = fit(it.runs, DISCORD_LIMITS.description);
      if (!s) continue;
      const last = embed;
      const desc = last?.description ?? '';
      const here = last && !last.fields?.length ? Math.min(DISCORD_LIMITS.description - desc.length, room()) - (desc ? it.sep.length : 0) : 0;
      const e = s.length <= here ? last : open(s.length);
      // Out of messages: this text is cut where it stands, and the rest dropped.
      const target = e ?? last;
      const shown = e ? s : here >= 2 ? fit(it.runs, here) : '';
      if (!target || !shown) return finish(msgs, reply, footer, true);
      const d = target.description ?? '';
      target.description = d ? d + it.sep + shown : shown;
      used += target.description.length - d.length;
      if (!e) return finish(msgs, reply, footer, true);
    }
  }
  return finish(msgs, reply, footer, false);
}

/** The footer goes on the last embed, with a last line '…' when something was dropped. */
function finish(msgs: APIEmbed[][], reply: Reply, footer: string, dropped: boolean): APIEmbed[][] {
  const text = dropped ? (footer ? `${footer}\n…` : '…') : footer;
  if (!text) return msgs;
  if (msgs.length === 0) msgs.push([{ color: COLOURS[reply.tone] }]);
  const page = msgs[msgs.length - 1]!;
  page[page.length - 1]!.footer = { text };
  return msgs;
}

/**
 * Renders a reply as several messages when it must be (over 10 embeds or 6000 characters): at most
 * `maxMessages`, the first carrying the one-line summary as content, the others none. Whole paragraphs, list
 * items and fields move on to the next embed or message; a single text too long for one description (4096) is
 * cut with '…' rather than split (a source's summary read across messages helps no one), and so is the
 * content (2000), which is one line.
 */
export function toDiscordMessages(reply: Reply, maxMessages = MAX_MESSAGES): DiscordMessage[] {
  const content = fit([text(reply.summary.replace(/\s*[\r\n]+\s*/g, ' '), DISCORD_LIMITS.content)], DISCORD_LIMITS.content);
  const pages = layout(reply, Math.max(1, maxMessages));
  return (pages.length ? pages : [[]]).map((embeds, i) => ({ content: i === 0 ? content : '', embeds, allowed_mentions: { parse: [] } }));
}

/** Renders a reply as one Discord message within every limit (what does not fit is cut or dropped, marked '…'). */
export function toDiscord(reply: Reply): DiscordMessage {
  return toDiscordMessages(reply, 1)[0]!;
}

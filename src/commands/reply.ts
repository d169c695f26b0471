/**
 * The platform-neutral reply of a command, and the text of alerts: each platform renders it (Slack Block Kit,
 * Discord embeds, console text) and escapes every string for its own markup, so text from a source can never
 * become markup, a link or a mention.
 */

/** Inline content: plain text (escaped by the renderer), bold text, a link with its label, code. */
export type Inline = string | { bold: string } | { link: string; label: string } | { code: string };

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; content: Inline[] }
  /** A bulleted list; each item is a line of inline content. */
  | { type: 'list'; items: Inline[][] }
  /** Label/value pairs (Slack section fields, Discord embed fields). */
  | { type: 'fields'; fields: Array<{ label: string; value: Inline[] }> }
  /** Small print: sources, dates, hints. */
  | { type: 'context'; content: Inline[] };

export interface Reply {
  /** Usage and errors are shown to the user alone (ephemeral); results may be too. */
  visibility: 'ephemeral' | 'channel';
  /** What kind of reply, so a renderer can mark errors without relying on colour alone. */
  tone: 'ok' | 'info' | 'error';
  /** One line: notification text, the fallback of rich messages. */
  summary: string;
  blocks: Block[];
  /**
   * A second reply to the same user, once this resolves (`test`: whether its alert was posted). The platform sends
   * it as a follow-up to the interaction (Slack: the response URL again; Discord: a follow-up message).
   */
  followUp?: () => Promise<Reply>;
}

/** Plain text of inline content, for fallbacks and logs. */
export function inlineText(content: readonly Inline[]): string {
  return content
    .map((c) => (typeof c === 'string' ? c : 'bold' in c ? c.bold : 'code' in c ? c.code : `${c.label} (${c.link})`))
    .join('');
}

/**
 * The one argument parser of `/secnumcloud …` (Slack passes the text as typed; the Discord adapter rebuilds
 * such a text from its options).
 *
 * Grammar: words separated by whitespace (no-break spaces included). Double quotes group words, straight or
 * typographic, as French keyboards and Slack's smart quotes produce them: "…", “…”, „…“ and «…» (spaces
 * inside guillemets are dropped). `key:value` sets an option; the key is the text before the first colon
 * outside quotes, or, for a word entirely quoted ("provider:Cloud Temple"), before its first colon when
 * that names a known key. Subcommands and keys are case- and accent-insensitive and have French aliases
 * (grammar.ts). A quote left open, an unknown key and an empty value are user errors.
 */
import { CommandError } from './errors.js';
import { COMMAND_KEYS, commandOf, keyOf, type CommandName, type OptionKey } from './grammar.js';

/** One word of the text: `key` is set for a `key:value` word (the raw key, as typed). */
export interface Token {
  text: string;
  key?: string;
  value?: string;
}

/** A command as parsed: the subcommand, its positional words and its options, keys canonical. */
export interface ParsedCommand {
  /** Undefined for an empty text (help). */
  command?: CommandName;
  /** The positional words after the subcommand, quotes removed. */
  words: string[];
  options: Array<{ key: OptionKey; value: string }>;
}

const OPENERS: Record<string, readonly string[]> = {
  '"': ['"', '”', '“'],
  '“': ['”', '"', '“'],
  '”': ['”', '"'],
  '„': ['“', '”', '"'],
  '«': ['»'],
};
const KEY = /^\p{L}[\p{L}\p{N}_-]*$/u;
const fold = (s: string): string => s.replace(/\s+/gu, ' ').trim();

/** Splits a text into words; throws a CommandError (unclosedQuote) for a quote never closed. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/u.test(text[i]!)) { i++; continue; }
    let word = '';
    let colon = -1; // index in `word` of the first colon outside quotes
    let allQuoted = true;
    while (i < text.length && !/\s/u.test(text[i]!)) {
      const c = text[i]!;
      const closers = OPENERS[c];
      if (closers) {
        let end = i + 1;
        while (end < text.length && !closers.includes(text[end]!)) end++;
        if (end >= text.length) throw new CommandError({ kind: 'unclosedQuote', quote: c, after: fold(text.slice(i + 1)) });
        word += fold(text.slice(i + 1, end));
        i = end + 1;
        continue;
      }
      if (c === ':' && colon < 0) colon = word.length;
      allQuoted = false;
      word += c;
      i++;
    }
    tokens.push(splitKey(word, colon, allQuoted));
  }
  return tokens;
}

function splitKey(word: string, colon: number, allQuoted: boolean): Token {
  let at = colon;
  if (at < 0 && allQuoted) {
    const inner = word.indexOf(':');
    if (inner > 0 && keyOf(word.slice(0, inner))) at = inner;
  }
  const key = at > 0 ? word.slice(0, at) : '';
  if (!KEY.test(key)) return { text: word };
  return { text: word, key, value: fold(word.slice(at + 1)) };
}

/**
 * Parses the whole text: the subcommand (first word), its positional words and its options, checked
 * against the keys the subcommand takes. Throws a CommandError for every user error.
 */
export function parseCommand(text: string): ParsedCommand {
  const [first, ...rest] = tokenize(text);
  if (!first) return { words: [], options: [] };
  const command = first.key === undefined ? commandOf(first.text) : undefined;
  if (!command) throw new CommandError({ kind: 'unknownCommand', word: first.text }, 'help');
  const allowed = COMMAND_KEYS[command];
  const parsed: ParsedCommand = { command, words: [], options: [] };
  for (const t of rest) {
    if (t.key === undefined) {
      if (t.text !== '') parsed.words.push(t.text);
      continue;
    }
    const key = keyOf(t.key);
    if (!key || !allowed.includes(key)) throw new CommandError({ kind: 'unknownKey', key: t.key, allowed }, command);
    if (!t.value) throw new CommandError({ kind: 'emptyValue', key }, command);
    parsed.options.push({ key, value: t.value });
  }
  return parsed;
}

/**
 * A value quoted so that tokenize gives it back as one word (for the Discord adapter, which rebuilds a text
 * from its options): bare when it has no space, quote or colon; else in the first quote pair it does not
 * contain ("…", «…», “…”), quote characters being dropped only when it contains every kind.
 */
export function quoteArg(value: string): string {
  const v = fold(value);
  if (v !== '' && !/[\s:"“”„«»]/u.test(v)) return v;
  if (!/["”“]/u.test(v)) return `"${v}"`;
  if (!v.includes('»')) return `«${v}»`;
  return `"${v.replace(/["”“]/gu, '')}"`;
}

/** The values given for one key, in order. */
export const optionValues = (p: ParsedCommand, key: OptionKey): string[] =>
  p.options.filter((o) => o.key === key).map((o) => o.value);

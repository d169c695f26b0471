/**
 * Every word a user reads from `/secnumcloud`, one dictionary per language (i18n-fr.ts, i18n-en.ts): the
 * subcommands build replies from these and from names taken from the data, never from literals of their own.
 * Names from sources (providers, services, titles) are passed in and stay plain strings: the renderers
 * escape them.
 */
import type { Lang } from './ports.js';
import { en } from './i18n-en.js';
import { fr } from './i18n-fr.js';
import type { Messages } from './messages.js';

export type { Messages, SubscriberKind } from './messages.js';

const DICTIONARIES: Record<Lang, Messages> = { fr, en };

/** The dictionary of a language. */
export const messages = (lang: Lang): Messages => DICTIONARIES[lang];

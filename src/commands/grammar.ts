/**
 * The words of the `/secnumcloud` grammar: subcommands, option keys, topics and languages, each with the
 * spellings accepted (compared once through normalizeText: case and accents do not matter). These are
 * input words, not text shown to users: what users read comes from i18n.ts.
 */
import { normalizeText } from '../core/keywords.js';
import { SERVICE_TYPES, type ServiceType } from '../core/offer.js';
import { LIST_WORDS } from '../core/list-names.js';
import { ALL_LISTS, type Topic } from '../core/subscriptions.js';
import { PRODUCT_LISTS } from '../core/tracks.js';
import type { Lang } from './ports.js';

/** The subcommands, by their canonical (English) names. */
export const COMMAND_NAMES = ['subscribe', 'subscriptions', 'unsubscribe', 'test', 'pause', 'resume', 'status', 'list', 'history', 'timeline', 'lang', 'help'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

const COMMAND_ALIASES: Record<CommandName, readonly string[]> = {
  subscribe: ['subscribe', 'sub', 'abonner', "s'abonner", 'abonnement'],
  subscriptions: ['subscriptions', 'abonnements'],
  unsubscribe: ['unsubscribe', 'unsub', 'désabonner', 'se-désabonner', 'desinscrire'],
  test: ['test', 'tester', 'essai'],
  pause: ['pause', 'suspendre'],
  resume: ['resume', 'reprendre'],
  status: ['status', 'statut', 'état'],
  list: ['list', 'liste'],
  history: ['history', 'historique'],
  timeline: ['timeline', 'chronologie', 'parcours'],
  lang: ['lang', 'language', 'langue'],
  help: ['help', 'aide', '?'],
};

/** The `key:` options, by their canonical names. */
export const OPTION_KEYS = ['provider', 'keyword', 'type', 'exclude', 'catalogue', 'category', 'reminders'] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];

const KEY_ALIASES: Record<OptionKey, readonly string[]> = {
  provider: ['provider', 'fournisseur', 'prestataire'],
  keyword: ['keyword', 'mot-clé', 'motclé', 'mot'],
  type: ['type', 'types'],
  exclude: ['exclude', 'exclure', 'sauf'],
  // Not `list`, the subcommand: a catalogue list is chosen with `catalogue:passi` (`référentiel:` in French).
  catalogue: ['catalogue', 'catalog', 'référentiel', 'referentiel'],
  // The category sub-headings of the qualified products (2.2): `category:Pare-feu`.
  category: ['category', 'categories', 'catégorie', 'catégories'],
  // `reminders:products`: expiry reminders of certified and qualified products, off unless asked (decision 0026).
  reminders: ['reminders', 'rappels'],
};

/** The keys each subcommand takes; any other key is an error that lists these. */
export const COMMAND_KEYS: Record<CommandName, readonly OptionKey[]> = {
  subscribe: ['provider', 'keyword', 'type', 'exclude', 'catalogue', 'category', 'reminders'],
  subscriptions: [],
  unsubscribe: [],
  test: [],
  pause: [],
  resume: [],
  status: ['provider'],
  list: [],
  history: [],
  timeline: [],
  lang: [],
  help: [],
};

/** `all` and the topics, as they may be typed. */
const TOPIC_ALIASES: Record<Topic | 'all', readonly string[]> = {
  all: ['all', 'tout', 'tous'],
  qualifications: ['qualifications', 'qualification', 'offers', 'offres'],
  news: ['news', 'actualités', 'actus', 'actualité'],
  expiry: ['expiry', 'expiration', 'expirations', 'échéances', 'échéance', 'reminders', 'rappels'],
};

const LANG_ALIASES: Record<Lang, readonly string[]> = {
  fr: ['fr', 'français', 'french', 'fr-fr'],
  en: ['en', 'english', 'anglais', 'en-gb', 'en-us'],
};

function lookup<K extends string>(table: Record<K, readonly string[]>, word: string): K | undefined {
  const w = normalizeText(word);
  return (Object.keys(table) as K[]).find((k) => table[k].some((alias) => normalizeText(alias) === w));
}

/** The subcommand a word names (a leading `/` allowed), the option key, the topic (or `all`), the language, the service type. */
export const commandOf = (word: string): CommandName | undefined => lookup(COMMAND_ALIASES, word.replace(/^\//, ''));
export const keyOf = (word: string): OptionKey | undefined => lookup(KEY_ALIASES, word);
export const topicOf = (word: string): Topic | 'all' | undefined => lookup(TOPIC_ALIASES, word);
export const langOf = (word: string): Lang | undefined => lookup(LANG_ALIASES, word);
/** The word that stands for every product list at once (`catalogue:produits`), as it may be typed. */
const PRODUCTS_ALIASES = ['products', 'produits'];

/**
 * The catalogue list a word names (its id, its short name or an alias: `passi`, `PASSI`, `eidas-seal`,
 * `"Critères communs"`), or `all`.
 */
export function catalogueListOf(word: string): string | undefined {
  const w = normalizeText(word).replace(/\s+/gu, '-');
  if (TOPIC_ALIASES.all.some((a) => normalizeText(a) === w) || w === 'toutes') return ALL_LISTS;
  const folded = (name: string | undefined): string | undefined => (name === undefined ? undefined : normalizeText(name).replace(/\s+/gu, '-'));
  return Object.keys(LIST_WORDS).find((id) => {
    const words = LIST_WORDS[id]!;
    return id === w || [words.short, words.shortEn, ...(words.aliases ?? [])].some((name) => folded(name) === w);
  });
}

/**
 * Catalogue list values as typed (each may hold several, separated by commas: `passi,pris`; `produits` stands for
 * the five product lists): the lists in the catalogue's order, or `[all]`; or the first word that names no list.
 */
export function catalogueListsOf(values: readonly string[]): { lists: string[] } | { unknown: string } {
  const wanted = new Set<string>();
  for (const word of values.flatMap((v) => v.split(/[,;]+/u)).map((w) => w.trim()).filter((w) => w !== '')) {
    if (PRODUCTS_ALIASES.includes(normalizeText(word))) {
      for (const l of PRODUCT_LISTS) wanted.add(l);
      continue;
    }
    const list = catalogueListOf(word);
    if (!list) return { unknown: word };
    wanted.add(list);
  }
  return { lists: wanted.has(ALL_LISTS) ? [ALL_LISTS] : Object.keys(LIST_WORDS).filter((l) => wanted.has(l)) };
}

export const typeOf = (word: string): ServiceType | undefined =>
  SERVICE_TYPES.find((t) => t.toLowerCase() === normalizeText(word));

/** The word `reminders:` takes: `products` (`produits`), the product lists' expiry reminders (decision 0026). */
export const remindersOf = (word: string): 'products' | undefined =>
  ['products', 'produits', 'product', 'produit'].includes(normalizeText(word)) ? 'products' : undefined;

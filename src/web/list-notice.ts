/**
 * What a view says of a catalogue list besides its records, when they do not speak for themselves: SecNumCloud's
 * notices are the catalogue's (listNotice, as before the other lists were followed); another list adds its own
 * state to the source's: not read yet (a list followed since the last edition: never "no offer"), or a newer
 * document of it held for checking while the others went on. Pure.
 */
import { messages } from '../commands/i18n.js';
import type { Lang, ListState } from '../commands/ports.js';
import { listNotice, type ListStatus } from '../commands/source-text.js';
import { PRIMARY_LIST } from '../core/tracks.js';
import { listShort } from './list-names.js';

const WORDS: Record<Lang, { never(n: string): string; notFollowed(n: string): string; held(n: string): string; empty(n: string): string }> = {
  fr: {
    notFollowed: (n) => `La liste ${n} n'est pas suivie : la source du catalogue ne la lit pas (réglage lists de la source).`,
    never: (n) => `La liste ${n} n'a pas encore été lue : ses offres seront affichées après sa première lecture validée.`,
    held: (n) => `Un nouveau document de la liste ${n} est retenu pour vérification : les offres affichées sont celles de sa dernière édition validée.`,
    empty: (n) => `Le catalogue ne liste aucune offre pour ${n}.`,
  },
  en: {
    notFollowed: (n) => `The ${n} list is not followed: the catalogue source does not read it (the source's lists setting).`,
    never: (n) => `The ${n} list has not been read yet: its offers will be shown after its first trusted read.`,
    held: (n) => `A new document of the ${n} list is held for checking: the offers shown are those of its last trusted edition.`,
    empty: (n) => `The catalogue lists no offer for ${n}.`,
  },
};

/** `source`: the catalogue source's state (stateOfList('qualified', …)); `view`: the list's own. */
export function listViewNotice(view: ListState & { followed?: false }, source: ListStatus, lang: Lang, timeZone: string): string | undefined {
  const t = messages(lang);
  if (view.list === PRIMARY_LIST) return listNotice('qualified', { ...source, read: source.read && view.read }, view.offers.length, t, timeZone) ?? (view.held ? t.sources.lists.qualified.held : undefined);
  const w = WORDS[lang];
  const n = listShort(view.list, lang);
  if (source.health.state === 'disabled') return t.sources.lists.qualified.disabled;
  if (view.followed === false) return w.notFollowed(n);
  if (!view.read) return source.read ? w.never(n) : listNotice('qualified', source, 0, t, timeZone);
  if (view.held) return w.held(n);
  // Failing or overdue: the catalogue's words (they say what the offers shown date from); working and empty: the list's.
  const notice = listNotice('qualified', source, view.offers.length, t, timeZone);
  return view.offers.length === 0 && source.health.state === 'working' ? w.empty(n) : notice;
}

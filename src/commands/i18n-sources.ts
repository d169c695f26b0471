/**
 * The words of a source's state (src/core/source-state.ts), in French and English: shared by the status page,
 * `/secnumcloud status` and `list`, so that every view says the same thing the same way. Lists built from a
 * source say why they are empty or stale: a list that is not followed, not read yet or failing is never shown as
 * an empty one.
 */
import type { FailureKind, SourceStateName } from '../core/source-state.js';
import type { Lang } from './ports.js';

/** The two lists that come from a source of their own. */
export type ListName = 'qualified' | 'inProgress';

export interface ListWords {
  /** No enabled source: the list is not followed. */
  disabled: string;
  /** Never read, nothing failed yet. */
  never: string;
  /** Never read, and its checks fail: `failing` is the state in words. */
  failingEmpty(failing: string): string;
  /** Read before, failing now: what is shown dates from `last`. */
  failing(failing: string, last: string): string;
  /** The first document is held: nothing trusted yet. */
  heldEmpty: string;
  /** A new document is held: what is shown is the last trusted one. */
  held: string;
  /** No success for two intervals. */
  overdue(last: string): string;
  /** Read, working, and truly empty. */
  empty: string;
}

export interface SourceWords {
  states: Record<SourceStateName, string>;
  failureKinds: Record<Exclude<FailureKind, 'http'>, string>;
  /** "failing since 28 Nov 2026, 10:00: 3 failed checks in a row (HTTP 503)"; `since` may be unknown. */
  failing(count: number, since: string | undefined, kind: string): string;
  /** What holding means, for a held source. */
  held: string;
  /** "28/11/2026 à 10:00" / "28 Nov 2026, 10:00". */
  at(date: string, time: string): string;
  lists: Record<ListName, ListWords>;
  /** A count that cannot be given: the list is not followed, or not read yet. */
  countNotFollowed: string;
  countUnknown: string;
}

const fr: SourceWords = {
  states: { working: 'en service', failing: 'en échec', held: 'document retenu', never: 'jamais lue', overdue: 'en retard', disabled: 'désactivée' },
  failureKinds: { timeout: 'délai dépassé', unreachable: 'serveur injoignable', document: 'document illisible ou mise en page inattendue', other: 'erreur' },
  failing: (n, since, kind) =>
    `en échec${since ? ` depuis le ${since}` : ''} : ${n} ${n <= 1 ? 'vérification échouée' : "vérifications échouées d'affilée"} (${kind})`,
  held: "un nouveau document est retenu comme suspect : rien n'est envoyé tant qu'il n'est pas confirmé ou accepté par un opérateur",
  at: (d, t) => `${d} à ${t}`,
  lists: {
    qualified: {
      disabled: "La source du catalogue est désactivée : les offres qualifiées ne sont pas suivies (la liste n'est pas vide, elle n'est pas lue).",
      never: "Le catalogue n'a pas encore été lu : aucune offre qualifiée à afficher pour l'instant.",
      failingEmpty: (f) => `Le catalogue n'a encore jamais pu être lu : la source est ${f}.`,
      failing: (f, last) => `La source du catalogue est ${f} : les offres affichées sont celles de la dernière lecture réussie (${last}).`,
      heldEmpty: "Le premier catalogue lu est retenu pour vérification : aucune offre n'est encore validée.",
      held: 'Un nouveau catalogue est retenu pour vérification : les offres affichées sont celles du dernier catalogue validé.',
      overdue: (last) => `Aucune lecture réussie du catalogue depuis le ${last} : la liste peut ne plus être à jour.`,
      empty: 'Le catalogue ne liste aucune offre qualifiée.',
    },
    inProgress: {
      disabled:
        "La source des services en cours de qualification est désactivée : cette liste n'est pas suivie (elle n'est pas vide, elle n'est pas lue).",
      never: "La page des services en cours de qualification n'a pas encore été lue.",
      failingEmpty: (f) => `La page des services en cours de qualification n'a encore jamais pu être lue : la source est ${f}.`,
      failing: (f, last) => `La source des services en cours est ${f} : la liste est celle de la dernière lecture réussie (${last}).`,
      heldEmpty: "La première page lue est retenue pour vérification : aucune liste n'est encore validée.",
      held: 'Une nouvelle page est retenue pour vérification : la liste affichée est celle de la dernière page validée.',
      overdue: (last) => `Aucune lecture réussie de la page depuis le ${last} : la liste peut ne plus être à jour.`,
      empty: "Aucun service n'est en cours de qualification d'après la page de l'ANSSI.",
    },
  },
  countNotFollowed: 'non suivi',
  countUnknown: 'pas encore lu',
};

const en: SourceWords = {
  states: { working: 'working', failing: 'failing', held: 'document held', never: 'never read', overdue: 'overdue', disabled: 'disabled' },
  failureKinds: { timeout: 'timed out', unreachable: 'server unreachable', document: 'unreadable document or unexpected layout', other: 'error' },
  failing: (n, since, kind) => `failing${since ? ` since ${since}` : ''}: ${n} ${n === 1 ? 'failed check' : 'failed checks in a row'} (${kind})`,
  held: 'a new document is held as suspect: nothing is sent until it is confirmed or an operator accepts it',
  at: (d, t) => `${d}, ${t}`,
  lists: {
    qualified: {
      disabled: 'The catalogue source is disabled: qualified offers are not followed (the list is not empty, it is not read).',
      never: 'The catalogue has not been read yet: no qualified offer to show for now.',
      failingEmpty: (f) => `The catalogue could never be read so far: the source is ${f}.`,
      failing: (f, last) => `The catalogue source is ${f}: the offers shown are those of the last successful read (${last}).`,
      heldEmpty: 'The first catalogue read is held for checking: no offer is trusted yet.',
      held: 'A new catalogue is held for checking: the offers shown are those of the last trusted catalogue.',
      overdue: (last) => `No successful read of the catalogue since ${last}: the list may be out of date.`,
      empty: 'The catalogue lists no qualified offer.',
    },
    inProgress: {
      disabled: 'The source of services in the qualification process is disabled: this list is not followed (it is not empty, it is not read).',
      never: 'The page of services in the qualification process has not been read yet.',
      failingEmpty: (f) => `The page of services in the qualification process could never be read so far: the source is ${f}.`,
      failing: (f, last) => `The source of services in the qualification process is ${f}: the list is the one of the last successful read (${last}).`,
      heldEmpty: 'The first page read is held for checking: no list is trusted yet.',
      held: 'A new page is held for checking: the list shown is the one of the last trusted page.',
      overdue: (last) => `No successful read of the page since ${last}: the list may be out of date.`,
      empty: "No service is in the qualification process according to ANSSI's page.",
    },
  },
  countNotFollowed: 'not followed',
  countUnknown: 'not read yet',
};

const WORDS: Record<Lang, SourceWords> = { fr, en };

export const sourceWords = (lang: Lang): SourceWords => WORDS[lang];

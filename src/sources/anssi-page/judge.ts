import { normalizeName } from '../../core/normalize.js';
import type { PageEntry } from './entry-text.js';

/**
 * Whether what a layout found looks like entries of the "en cours" list: a provider's name and a service's name,
 * not navigation, a footer, a call to action or a paragraph. The page cannot be seen from here (design for what
 * you cannot see): these rules only refuse what no real entry looks like, and say why, for the operators.
 */

/** Folded for matching: accents off, lower case, one space. */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const PROVIDER_MAX = { chars: 60, words: 7 };
const SERVICE_MAX = { chars: 140, words: 20 };

// Text of menus, footers, "see also" blocks and buttons, whole: never a provider or a service.
const NAVIGATION = new RegExp(
  '^(?:accueil|menu|contact(?:ez-nous)?|nous contacter|plan du site|mentions legales|accessibilite|actualites|' +
    'publications|recherche(?:r)?|connexion|se connecter|fermer|retour|haut de page|partager|imprimer|suivant|' +
    'precedent|en savoir plus|lire la suite|voir (?:plus|tout|aussi)|cookies|gestion des cookies|newsletter|' +
    'donnees personnelles|sur le meme sujet|dans cette rubrique|liens utiles|a lire aussi|pour aller plus loin|' +
    'ressources|documents|telechargements|sommaire|faq|aide|glossaire)$',
);
// A link's or a card's call to action starts with a verb; a name does not.
const CALL_TO_ACTION = /^(?:consulte[rz]?|decouvr(?:ir|ez)|deven(?:ir|ez)|acceder|accedez|telecharge[rz]?|voir|lire|contacte[rz]?|rechercher|inscri(?:re|vez)|s'inscrire|suive[zr]|retrouve[rz]|clique[rz]|comprendre|demande[rz]?|obtenir)\b/;
// Column or field labels read as data (a header row taken for an entry).
const LABEL = /^(?:prestataires?|fournisseurs?|societes?|services?|offres?|solutions?|types?(?: de service)?|dates?(?: .*)?)$/;

// "IaaS", "PaaS / CaaS": a tag or a types column read as a name.
const TYPES_ONLY = /^(?:saas|paas|caas|iaas)(?:[\s,/;&+-]+(?:et\s+)?(?:saas|paas|caas|iaas))*$/;

/** Why `name` cannot be a provider's or a service's name, or undefined when it can. */
function nameProblem(name: string, what: 'provider' | 'service'): string | undefined {
  const max = what === 'provider' ? PROVIDER_MAX : SERVICE_MAX;
  const f = fold(name);
  if (!/\p{L}/u.test(f)) return `no ${what}`;
  if (name.length > max.chars || f.split(' ').length > max.words) return `${what} too long for a name`;
  if (/https?:\/\/|www\./.test(f)) return `${what} is an address`;
  if (NAVIGATION.test(f)) return `${what} is navigation text`;
  if (CALL_TO_ACTION.test(f)) return `${what} is a call to action`;
  if (LABEL.test(f)) return `${what} is a column label`;
  if (TYPES_ONLY.test(f)) return `${what} is a service type, not a name`;
  if (/[?:]$/.test(f) || (/[.!]$/.test(f) && f.split(' ').length >= 4)) return `${what} reads as a sentence`;
  return undefined;
}

/** Why an entry cannot be one of the list's, or undefined when it looks like one. */
export function entryProblem(e: PageEntry): string | undefined {
  return nameProblem(e.provider, 'provider') ?? nameProblem(e.service, 'service');
}

/** Below this share of plausible entries, a layout is taken to have read something else than the list. */
export const MIN_PLAUSIBLE_SHARE = 0.75;

export type Judgement =
  | { accepted: true; entries: PageEntry[]; dropped: string[] }
  | { accepted: false; reason: string };

// Controls, zero-width and bidirectional marks: page text quoted in an operator's alert shows as written, never as
// formatting (a reason names what a layout found, and the page is untrusted).
const UNSHOWN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** At most `max` characters of page text, safe to quote in a reason. */
export function shown(text: string, max = 40): string {
  return text.replace(UNSHOWN, '').slice(0, max);
}

const quote = (e: PageEntry) => `"${shown(e.provider)} / ${shown(e.service)}"`;

/**
 * A layout's candidates judged as a whole (blank ones skipped): accepted when at least one is plausible and plausible ones are at least
 * MIN_PLAUSIBLE_SHARE of them (the few others are dropped, and named); otherwise refused, with the first problems.
 */
export function judgeEntries(found: readonly PageEntry[]): Judgement {
  // A blank row or a name that is only "–" is skipped, as it always was: no evidence either way.
  const candidates = found.filter((e) => normalizeName(e.provider) !== '' && normalizeName(e.service) !== '');
  if (candidates.length === 0) return { accepted: false, reason: found.length === 0 ? 'found nothing' : `${found.length} entries, all blank` };
  const problems = candidates.map((e) => ({ e, problem: entryProblem(e) }));
  const good = problems.filter((p) => p.problem === undefined).map((p) => p.e);
  const bad = problems.filter((p) => p.problem !== undefined).map((p) => `${quote(p.e)}: ${p.problem}`);
  if (good.length > 0 && good.length / candidates.length >= MIN_PLAUSIBLE_SHARE) return { accepted: true, entries: good, dropped: bad };
  const examples = bad.slice(0, 2).join('; ');
  return { accepted: false, reason: `${bad.length} of ${candidates.length} entries do not look like entries (${examples})` };
}

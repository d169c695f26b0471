/**
 * The catalogue's lists in words for the views (status page, CSV, calendar, feed), from the one table of their
 * names (src/core/list-names.ts, which the chat replies use too): a short name ("PASSI") and what it covers; and the
 * activities (`scopes`) a qualification covers and ANSSI's recommendation levels, in French and English. Pure.
 */
import type { Lang } from '../commands/ports.js';
import { LIST_WORDS, shortName } from '../core/list-names.js';

/** "PASSI — audit de la sécurité des systèmes d’information"; an unknown id as it is. */
export function listTitle(list: string, lang: Lang): string {
  const w = LIST_WORDS[list];
  return w ? `${shortName(list, lang)} — ${w[lang]}` : list;
}

/** "PASSI", "eIDAS horodatage": the name a link or a column shows; an unknown id as it is. */
export const listShort = (list: string, lang: Lang): string => shortName(list, lang);

const SCOPES: Record<string, Record<Lang, string>> = {
  'security-accreditation': { fr: 'homologation', en: 'security accreditation' },
  'risk-management': { fr: 'gestion des risques', en: 'risk management' },
  'architecture-security': { fr: 'sécurité des architectures', en: 'architecture security' },
  'crisis-preparation': { fr: 'préparation à la gestion de crise', en: 'crisis preparation' },
  'organisational-physical-audit': { fr: 'audit organisationnel et physique', en: 'organisational and physical audit' },
  'architecture-audit': { fr: "audit d'architecture", en: 'architecture audit' },
  'configuration-audit': { fr: 'audit de configuration', en: 'configuration audit' },
  'source-code-audit': { fr: 'audit de code source', en: 'source code audit' },
  'penetration-testing': { fr: "tests d'intrusion", en: 'penetration testing' },
  'compromise-indicators': { fr: 'recherche d’indicateurs de compromission', en: 'compromise indicators' },
  'digital-investigation': { fr: 'investigation numérique', en: 'digital investigation' },
  'malware-analysis': { fr: 'analyse de codes malveillants', en: 'malware analysis' },
  'investigation-coordination': { fr: 'pilotage et coordination des investigations', en: 'investigation coordination' },
};

/** An activity in words; an id this table does not know (a later parser's) as it is. */
export const scopeWords = (scope: string, lang: Lang): string => SCOPES[scope]?.[lang] ?? scope;

const RECOMMENDATION: Record<string, Record<Lang, string>> = {
  optimal: { fr: 'optimale', en: 'optimal' },
  moderate: { fr: 'modérée', en: 'moderate' },
  critical: { fr: 'critique', en: 'critical' },
};

/** ANSSI's recommendation level in words (the mark's colour, said). */
export const recommendationWords = (r: string, lang: Lang): string => RECOMMENDATION[r]?.[lang] ?? r;

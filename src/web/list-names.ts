/**
 * The catalogue's lists in words, French and English, for the views (status page, CSV, calendar, feed): a short
 * name ("PASSI") and what it is ("prestataires d'audit de la sécurité des systèmes d'information"), and the
 * activities (`scopes`) a qualification covers. Ids are those of `parse --list` (SERVICE_LIST_IDS). Pure.
 */
import type { Lang } from '../commands/ports.js';
import { PRIMARY_LIST } from '../core/tracks.js';
import { SERVICE_LIST_IDS, type ListId } from '../sources/anssi-catalogue/list-specs.js';

export interface ListName {
  short: string;
  long: Record<Lang, string>;
}

const eidas = (fr: string, en: string): ListName => ({ short: 'eIDAS', long: { fr, en } });

export const LIST_NAMES: Readonly<Record<ListId, ListName>> = {
  secnumcloud: { short: 'SecNumCloud', long: { fr: "prestataires de services d'informatique en nuage", en: 'cloud service providers' } },
  pacs: { short: 'PACS', long: { fr: "prestataires d'accompagnement et de conseil en sécurité des systèmes d'information", en: 'information security advisory providers' } },
  passi: { short: 'PASSI', long: { fr: "prestataires d'audit de la sécurité des systèmes d'information", en: 'information security audit providers' } },
  pris: { short: 'PRIS', long: { fr: 'prestataires de réponse aux incidents de sécurité', en: 'security incident response providers' } },
  pdis: { short: 'PDIS', long: { fr: 'prestataires de détection des incidents de sécurité', en: 'security incident detection providers' } },
  pams: { short: 'PAMS', long: { fr: "prestataires d'administration et de maintenance sécurisées", en: 'secure administration and maintenance providers' } },
  pvid: { short: 'PVID', long: { fr: "prestataires de vérification d'identité à distance", en: 'remote identity verification providers' } },
  mie: { short: 'MIE', long: { fr: "moyens d'identification électronique", en: 'electronic identification means' } },
  'eidas-signature': eidas('délivrance de certificats de signature électronique', 'electronic signature certificates'),
  'eidas-seal': eidas('délivrance de certificats de cachet électronique', 'electronic seal certificates'),
  'eidas-website': eidas("délivrance de certificats d'authentification de sites internet", 'website authentication certificates'),
  'eidas-timestamp': eidas("délivrance d'horodatages électroniques", 'electronic time stamps'),
  'eidas-signature-validation': eidas('validation de signatures électroniques qualifiées', 'qualified electronic signature validation'),
  'eidas-seal-validation': eidas('validation de cachets électroniques qualifiés', 'qualified electronic seal validation'),
  'eidas-signature-preservation': eidas('conservation de signatures électroniques qualifiées', 'qualified electronic signature preservation'),
  'eidas-seal-preservation': eidas('conservation de cachets électroniques qualifiés', 'qualified electronic seal preservation'),
  'eidas-registered-delivery': eidas("envoi recommandé électronique qualifié", 'qualified electronic registered delivery'),
};

const isKnown = (list: string): list is ListId => (SERVICE_LIST_IDS as readonly string[]).includes(list);

/** "PASSI — prestataires d'audit de la sécurité des systèmes d'information"; an unknown id as it is. */
export function listTitle(list: string, lang: Lang): string {
  if (!isKnown(list)) return list;
  const n = LIST_NAMES[list];
  return `${n.short} — ${n.long[lang]}`;
}

/** "PASSI", or for the eIDAS lists the part that tells them apart ("eIDAS — horodatage électronique"). */
export function listShort(list: string, lang: Lang): string {
  if (!isKnown(list)) return list;
  const n = LIST_NAMES[list];
  return n.short === 'eIDAS' ? listTitle(list, lang) : n.short;
}

/** Whether a list's records are those of SecNumCloud (service names and types, no scopes). */
export const isPrimary = (list: string): boolean => list === PRIMARY_LIST;

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

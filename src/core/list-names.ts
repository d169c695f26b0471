/**
 * The catalogue's lists in words, French and English: a short name (as ANSSI abbreviates it) and what it covers.
 * Ids are those of src/sources/anssi-catalogue/list-specs.ts, here in the order views show them: SecNumCloud, then
 * the service lists in the catalogue's order, then the product lists. An id without words here is shown as it is, last.
 */
export interface ListWords {
  /** The short name, as ANSSI abbreviates it (French for the eIDAS services, which have no acronym). */
  short: string;
  /** The short name in English, where it differs. */
  shortEn?: string;
  fr: string;
  en: string;
  /** Other names a user may type for the list (`catalogue:`), besides its id and short names. */
  aliases?: readonly string[];
}

export const LIST_WORDS: Readonly<Record<string, ListWords>> = {
  secnumcloud: { short: 'SecNumCloud', fr: "services d'informatique en nuage", en: 'cloud services' },
  pacs: { short: 'PACS', fr: 'accompagnement et conseil en sécurité', en: 'security support and advice' },
  passi: { short: 'PASSI', fr: 'audit de la sécurité des systèmes d’information', en: 'information system security audit' },
  pris: { short: 'PRIS', fr: 'réponse aux incidents de sécurité', en: 'security incident response' },
  pdis: { short: 'PDIS', fr: 'détection des incidents de sécurité', en: 'security incident detection' },
  pvid: { short: 'PVID', fr: 'vérification d’identité à distance', en: 'remote identity verification' },
  mie: { short: 'MIE', fr: 'moyens d’identification électronique', en: 'electronic identification means' },
  'eidas-signature': { short: 'eIDAS signature', shortEn: 'eIDAS signature', fr: 'certificats de signature électronique', en: 'electronic signature certificates' },
  'eidas-seal': { short: 'eIDAS cachet', shortEn: 'eIDAS seal', fr: 'certificats de cachet électronique', en: 'electronic seal certificates' },
  'eidas-website': { short: 'eIDAS site web', shortEn: 'eIDAS website', fr: 'certificats d’authentification de site internet', en: 'website authentication certificates' },
  'eidas-timestamp': { short: 'eIDAS horodatage', shortEn: 'eIDAS time-stamping', fr: 'horodatage électronique', en: 'electronic time stamps' },
  'eidas-signature-validation': { short: 'eIDAS validation de signatures', shortEn: 'eIDAS signature validation', fr: 'validation de signatures électroniques', en: 'electronic signature validation' },
  'eidas-seal-validation': { short: 'eIDAS validation de cachets', shortEn: 'eIDAS seal validation', fr: 'validation de cachets électroniques', en: 'electronic seal validation' },
  'eidas-signature-preservation': { short: 'eIDAS conservation de signatures', shortEn: 'eIDAS signature preservation', fr: 'conservation de signatures électroniques', en: 'electronic signature preservation' },
  'eidas-seal-preservation': { short: 'eIDAS conservation de cachets', shortEn: 'eIDAS seal preservation', fr: 'conservation de cachets électroniques', en: 'electronic seal preservation' },
  'eidas-registered-delivery': { short: 'eIDAS envoi recommandé', shortEn: 'eIDAS registered delivery', fr: 'envoi recommandé électronique', en: 'electronic registered delivery' },
  pams: { short: 'PAMS', fr: 'administration et maintenance sécurisées (infogérance)', en: 'secure administration and maintenance (managed services)' },
  // The product lists (decision 0023): the developer is the record's provider, the product its service.
  cc: { short: 'CC', fr: 'certificats Critères communs', en: 'Common Criteria certificates', aliases: ['Critères communs', 'Common Criteria'] },
  cspn: { short: 'CSPN', fr: 'certification de sécurité de premier niveau', en: 'first-level security certification' },
  'qualified-products': { short: 'Produits qualifiés', shortEn: 'Qualified products', fr: 'produits qualifiés et agréés', en: 'qualified and approved products' },
  'protection-profiles': { short: 'Profils de protection', shortEn: 'Protection profiles', fr: 'profils de protection certifiés', en: 'certified protection profiles' },
  sites: { short: 'Sites certifiés', shortEn: 'Certified sites', fr: 'sites de développement certifiés', en: 'certified development sites', aliases: ['sites'] },
};

/** "PASSI", "eIDAS cachet" (in French) or "eIDAS seal" (in English); the id itself when unknown. */
export function shortName(list: string, lang: 'fr' | 'en'): string {
  const w = LIST_WORDS[list];
  if (!w) return list;
  return lang === 'en' && w.shortEn ? w.shortEn : w.short;
}

/** "PASSI (audit de la sécurité des systèmes d’information)", in a language; the id itself when unknown. */
export function listName(list: string, lang: 'fr' | 'en', long = true): string {
  const w = LIST_WORDS[list];
  if (!w) return list;
  const short = shortName(list, lang);
  return long ? `${short} (${w[lang]})` : short;
}

/** Orders list ids as views show them (see LIST_WORDS). */
export function byListOrder(a: string, b: string): number {
  const order = Object.keys(LIST_WORDS);
  const rank = (l: string): number => (order.includes(l) ? order.indexOf(l) : order.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * The words of the status page that the commands' dictionaries (src/commands/i18n-*.ts) do not already
 * have: the page's own chrome (form, table headers, section titles). Offer, change and source wording comes
 * from those dictionaries, so the page and the chat replies say the same thing the same way.
 */
import type { Lang } from '../commands/ports.js';

export interface PageWords {
  title: string;
  intro: string;
  skip: string;
  /** The link to the other language, written in that language. */
  otherLang: { lang: Lang; label: string };
  filterHeading: string;
  typeLabel: string;
  allTypes: string;
  providerLabel: string;
  providerHint: string;
  submit: string;
  reset: string;
  /** The links that take the offers shown elsewhere, next to the filters. */
  exports: { label: string; csv: string; calendar: string; feed: string };
  matched(shown: number, total: number): string;
  caption(edition: string | undefined): string;
  /** Another list's table: its name and the edition shown. */
  listCaption(title: string, edition: string | undefined): string;
  /** The count of another list's qualifications ("Qualifications PASSI"). */
  listOffers(short: string): string;
  /** The list selector. */
  listsHeading: string;
  offerCount(n: number): string;
  columns: {
    provider: string; service: string; types: string; from: string; until: string; decision: string;
    scopes: string; level: string; nationalSecurity: string; recommendation: string;
  };
  noMatch: string;
  /** A product list's words (cc, cspn, qualified-products, protection-profiles, sites): products, developers, certificates. */
  products: ProductWords;
  /** Paging of a long table: "1–100 of 381", and the links. */
  paging: { heading: string; range(from: number, to: number, total: number): string; previous: string; next: string; page(n: number, of: number): string };
  pdf: string;
  inProgressHeading: string;
  inProgressIntro: string;
  noInProgressMatch: string;
  sourcesHeading: string;
  sourceColumns: { source: string; state: string; lastCheck: string; lastSuccess: string };
  never: string;
  feeds: string;
  atom: string;
  api: string;
  footer: string;
}

export interface ProductWords {
  /** The count of a product list's rows ("Produits CC"). */
  count(short: string): string;
  developers: string;
  searchLabel: string;
  searchHint: string;
  categoryLabel: string;
  allCategories: string;
  matched(shown: number, total: number): string;
  noMatch: string;
  rowCount(n: number): string;
  notMaintained: string;
  report: string;
  target: string;
  columns: {
    developer: string; product: string; version: string; certificate: string; category: string; productType: string;
    evaluationFacility: string; sponsor: string; approval: string; from: string; until: string;
  };
}

const productsFr: ProductWords = {
  count: (n) => `Produits ${n}`,
  developers: 'Développeurs',
  searchLabel: 'Rechercher',
  searchHint: 'Développeur, produit, version, n° de certificat ou catégorie ; une partie suffit, majuscules et accents sont ignorés.',
  categoryLabel: 'Catégorie',
  allCategories: 'Toutes les catégories',
  matched: (n, total) => `${n} produit${n > 1 ? 's' : ''} sur ${total} correspond${n > 1 ? 'ent' : ''} aux critères.`,
  noMatch: 'Aucun produit ne correspond à ces critères.',
  rowCount: (n) => `${n} produit${n > 1 ? 's' : ''}`,
  notMaintained: 'Non maintenu',
  report: 'rapport',
  target: 'cible de sécurité',
  columns: {
    developer: 'Développeur', product: 'Produit', version: 'Version', certificate: 'Certificat', category: 'Catégorie', productType: 'Type de produit',
    evaluationFacility: "Centre d'évaluation (CESTI)", sponsor: 'Commanditaire', approval: "Niveau d'agrément", from: 'Début de validité', until: 'Fin de validité',
  },
};

const productsEn: ProductWords = {
  count: (n) => `${n} products`,
  developers: 'Developers',
  searchLabel: 'Search',
  searchHint: 'Developer, product, version, certificate id or category; part of it is enough, case and accents are ignored.',
  categoryLabel: 'Category',
  allCategories: 'All categories',
  matched: (n, total) => `${n} of ${total} product${total === 1 ? '' : 's'} match${n === 1 ? 'es' : ''} the criteria.`,
  noMatch: 'No product matches these criteria.',
  rowCount: (n) => `${n} product${n === 1 ? '' : 's'}`,
  notMaintained: 'Not maintained',
  report: 'report',
  target: 'security target',
  columns: {
    developer: 'Developer', product: 'Product', version: 'Version', certificate: 'Certificate', category: 'Category', productType: 'Product type',
    evaluationFacility: 'Evaluation facility (CESTI)', sponsor: 'Sponsor', approval: 'Approval level', from: 'Valid from', until: 'Valid until',
  },
};

const fr: PageWords = {
  title: 'SecNumCloud : offres qualifiées, en cours et derniers changements',
  intro:
    "Les services d'informatique en nuage qualifiés SecNumCloud par l'ANSSI, d'après son catalogue, avec leur période de validité, les services en cours de qualification et les changements détectés d'une édition à l'autre.",
  skip: 'Aller au contenu',
  otherLang: { lang: 'en', label: 'English' },
  filterHeading: 'Filtrer les offres',
  typeLabel: 'Type de service',
  allTypes: 'Tous les types',
  providerLabel: 'Fournisseur',
  providerHint: 'Une partie du nom suffit ; majuscules et accents sont ignorés.',
  submit: 'Filtrer',
  reset: 'Tout afficher',
  exports: { label: 'Emporter ces offres', csv: 'tableur (CSV)', calendar: 'calendrier des fins de qualification (iCalendar)', feed: 'flux Atom des changements correspondants' },
  matched: (n, total) => `${n} offre${n > 1 ? 's' : ''} sur ${total} correspond${n > 1 ? 'ent' : ''} aux critères.`,
  caption: (e) => `Offres qualifiées SecNumCloud, par fournisseur${e ? `, catalogue du ${e}` : ''}`,
  listCaption: (l, e) => `${l}${e ? `, catalogue du ${e}` : ''}`,
  listOffers: (n) => `Qualifications ${n}`,
  listsHeading: 'Listes du catalogue',
  offerCount: (n) => `${n} offre${n > 1 ? 's' : ''}`,
  columns: {
    provider: 'Fournisseur', service: 'Service', types: 'Types', from: 'Début de qualification', until: 'Fin de qualification', decision: "Décision de l'ANSSI",
    scopes: 'Activités', level: 'Niveau', nationalSecurity: 'Sécurité nationale', recommendation: 'Recommandation',
  },
  noMatch: 'Aucune offre qualifiée ne correspond à ces critères.',
  products: productsFr,
  paging: {
    heading: 'Pages',
    range: (from, to, total) => `Lignes ${from} à ${to} sur ${total}.`,
    previous: 'Page précédente',
    next: 'Page suivante',
    page: (n, of) => `Page ${n} sur ${of}`,
  },
  pdf: 'PDF',
  inProgressHeading: 'En cours de qualification',
  inProgressIntro: "Services que l'ANSSI indique en cours de qualification : ils ne sont pas encore qualifiés.",
  noInProgressMatch: 'Aucun service en cours de qualification ne correspond à ces critères.',
  sourcesHeading: 'État des sources',
  sourceColumns: { source: 'Source', state: 'État', lastCheck: 'Dernière vérification', lastSuccess: 'Dernière vérification réussie' },
  never: 'jamais',
  feeds: 'Suivre les changements',
  atom: 'flux Atom',
  api: 'API JSON',
  footer: "Données publiques de l'ANSSI, relues automatiquement ; seule la décision de qualification fait foi.",
};

const en: PageWords = {
  title: 'SecNumCloud: qualified offers, services in progress and latest changes',
  intro:
    "The cloud services qualified SecNumCloud by ANSSI, from its catalogue, with their validity, the services in the qualification process (en cours de qualification) and the changes detected from one edition to the next.",
  skip: 'Skip to content',
  otherLang: { lang: 'fr', label: 'Français' },
  filterHeading: 'Filter the offers',
  typeLabel: 'Service type',
  allTypes: 'All types',
  providerLabel: 'Provider',
  providerHint: 'Part of the name is enough; case and accents are ignored.',
  submit: 'Filter',
  reset: 'Show all',
  exports: { label: 'Take these offers with you', csv: 'spreadsheet (CSV)', calendar: 'calendar of end dates (iCalendar)', feed: 'Atom feed of the matching changes' },
  matched: (n, total) => `${n} of ${total} offer${total === 1 ? '' : 's'} match${n === 1 ? 'es' : ''} the criteria.`,
  caption: (e) => `SecNumCloud qualified offers, by provider${e ? `, catalogue of ${e}` : ''}`,
  listCaption: (l, e) => `${l}${e ? `, catalogue of ${e}` : ''}`,
  listOffers: (n) => `${n} qualifications`,
  listsHeading: 'Catalogue lists',
  offerCount: (n) => `${n} offer${n === 1 ? '' : 's'}`,
  columns: {
    provider: 'Provider', service: 'Service', types: 'Types', from: 'Qualified from', until: 'Qualified until', decision: 'ANSSI decision',
    scopes: 'Activities', level: 'Level', nationalSecurity: 'National security', recommendation: 'Recommendation',
  },
  noMatch: 'No qualified offer matches these criteria.',
  products: productsEn,
  paging: {
    heading: 'Pages',
    range: (from, to, total) => `Rows ${from} to ${to} of ${total}.`,
    previous: 'Previous page',
    next: 'Next page',
    page: (n, of) => `Page ${n} of ${of}`,
  },
  pdf: 'PDF',
  inProgressHeading: 'In the qualification process (en cours de qualification)',
  inProgressIntro: 'Services ANSSI lists as being qualified: they are not qualified yet.',
  noInProgressMatch: 'No service in the qualification process matches these criteria.',
  sourcesHeading: 'Sources',
  sourceColumns: { source: 'Source', state: 'State', lastCheck: 'Last check', lastSuccess: 'Last successful check' },
  never: 'never',
  feeds: 'Follow the changes',
  atom: 'Atom feed',
  api: 'JSON API',
  footer: "ANSSI's public data, read automatically; only the qualification decision itself is authoritative.",
};

const WORDS: Record<Lang, PageWords> = { fr, en };

export const pageWords = (lang: Lang): PageWords => WORDS[lang];

import type { Problem } from './errors.js';
import { sourceWords } from './i18n-sources.js';
import type { Messages } from './messages.js';

/** 2027-12-04 → 04/12/2027, as the catalogue writes dates. */
const date = (iso: string): string => iso.split('-').reverse().join('/');
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n <= 1 ? one : many}`;
const join = (items: readonly string[], conj: 'and' | 'or'): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${conj === 'and' ? 'et' : 'ou'} ${items.at(-1)}`;

function ago(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return "à l'instant";
  if (min < 60) return `il y a ${min} min`;
  const hours = Math.floor(min / 60);
  return hours < 48 ? `il y a ${hours} h` : `il y a ${plural(Math.floor(hours / 24), 'jour')}`;
}

function problem(p: Problem): string {
  switch (p.kind) {
    case 'unclosedQuote': return `Le guillemet ${p.quote} n'est jamais fermé (après « ${p.after} »). Fermez-le, par exemple provider:"Cloud Temple".`;
    case 'unknownCommand': return `Sous-commande inconnue « ${p.word} ». Sous-commandes : subscribe, subscriptions, unsubscribe, status, list, history, lang, help.`;
    case 'unknownKey':
      return p.allowed.length === 0
        ? `Cette sous-commande ne prend pas d'option clé:valeur (« ${p.key}: »).`
        : `Clé inconnue « ${p.key}: ». Clés possibles ici : ${join(p.allowed.map((k) => `${k}:`), 'and')}.`;
    case 'emptyValue': return `${p.key}: attend une valeur, par exemple ${p.key === 'provider' ? 'provider:"Cloud Temple"' : 'keyword:EUCS'}.`;
    case 'unknownTopic':
      return `Sujet inconnu « ${p.word} » : choisissez all, qualifications, news ou expiry. Pour filtrer sur un fournisseur, écrivez provider:"${p.word}".`;
    case 'unexpected': return `« ${p.word} » n'était pas attendu ici.`;
    case 'missingId': return 'Quel abonnement ? Donnez son identifiant (voir /secnumcloud subscriptions), ou all.';
    case 'unknownId':
      return p.known.length === 0
        ? `Pas d'abonnement ${p.id} ici : ce canal n'en a aucun.`
        : `Pas d'abonnement ${p.id} dans ce canal. Ses abonnements : ${join(p.known, 'and')}.`;
    case 'badCount': return `« ${p.word} » n'est pas un nombre entier de 1 à ${p.max}.`;
    case 'badType': return `Type inconnu « ${p.word} » : choisissez SaaS, PaaS, CaaS ou IaaS.`;
    case 'badLang': return `Langue inconnue « ${p.word} » : choisissez fr ou en.`;
    case 'cannotManage': return (p.reason && fr.cannotManageReasons[p.reason]) || p.reason || fr.cannotManageDefault;
    case 'providerNotFound':
      return p.suggestions.length > 0
        ? `Aucun fournisseur « ${p.query} » au catalogue ni en cours de qualification. Vouliez-vous dire ${join(p.suggestions, 'or')} ?`
        : `Aucun fournisseur « ${p.query} » au catalogue ni en cours de qualification. Fournisseurs connus : ${join(p.known, 'and')}.`;
    case 'providerAmbiguous': return `« ${p.query} » désigne plusieurs fournisseurs : ${join(p.candidates, 'and')}. Lequel ?`;
  }
}

/** Français : la langue par défaut du produit. */
export const fr: Messages = {
  lang: 'fr',
  languageName: { fr: 'français', en: 'anglais (English)' },
  date,
  ago,
  join,
  colon: ' : ',
  problem,
  usageLabel: 'Utilisation :',
  usage: {
    subscribe: '/secnumcloud subscribe [all|qualifications|news|expiry]… [provider:<nom>]… [keyword:<mot>]…',
    subscriptions: '/secnumcloud subscriptions',
    unsubscribe: '/secnumcloud unsubscribe <id>|all',
    status: '/secnumcloud status [fournisseur]',
    list: '/secnumcloud list [SaaS|PaaS|CaaS|IaaS]',
    history: '/secnumcloud history [n]',
    lang: '/secnumcloud lang [fr|en]',
    help: '/secnumcloud help',
  },
  offer: {
    period: (from, until) =>
      from && until ? `du ${date(from)} au ${date(until)}` : until ? `jusqu'au ${date(until)}` : from ? `depuis le ${date(from)}` : '',
    until: (d) => `jusqu'au ${date(d)}`,
    inProgressSince: (d) => `en cours depuis le ${date(d)}`,
    decision: (n) => `décision ${n}`,
    noTypes: 'type non précisé',
    endsIn: (days) => (days === 0 ? "se termine aujourd'hui" : `se termine dans ${plural(days, 'jour')}`),
    pastEnd: (days) => `date de fin dépassée depuis ${plural(days, 'jour')}, toujours listée`,
  },
  kinds: {
    'offer.added': 'Nouvelle qualification',
    'offer.removed': 'Retirée du catalogue',
    'offer.renamed': 'Renommée',
    'offer.renewed': 'Renouvelée',
    'offer.updated': 'Mise à jour',
    'offer.expiring': 'Fin de qualification proche',
    'offer.in_progress': 'Nouvelle offre en cours de qualification',
    'news.published': 'Actualité',
  },
  topicNames: { qualifications: 'qualifications', news: 'actualités', expiry: "rappels d'échéance" },
  cover: {
    willReceive: 'Ce canal recevra :',
    qualifications:
      'les nouvelles qualifications, les retraits, changements de nom, renouvellements et mises à jour, et les nouveaux services en cours de qualification',
    newsByKeywords: (k) => `les actualités qui mentionnent ${join(k, 'or')}`,
    newsByProviders: (p) => `les actualités qui citent ${join(p, 'or')}`,
    expiry: (w) => `les rappels d'échéance ${join(w.map(String), 'and')} jours avant une date de fin, et un signalement quand une offre reste listée après celle-ci`,
    aboutProviders: (p) => `uniquement pour ${join(p, 'or')}`,
    naming: (k) => `uniquement ce qui cite ${join(k, 'or')}`,
    disabled: (reason, at) => `désactivé depuis le ${at} : ${reason}`,
  },
  subscribe: {
    created: (id) => `Abonnement ${id} créé.`,
    exists: (id) => `Déjà abonné : l'abonnement ${id} couvre exactement cela.`,
    idLabel: 'Identifiant de l’abonnement (pour unsubscribe) :',
    inProgressOnly: (p) => `${p} n'a pas encore d'offre qualifiée : il est listé en cours de qualification. L'abonnement est conservé.`,
    unknownProvider: (p) =>
      `${p} n'est encore ni au catalogue ni en cours de qualification : l'abonnement est conservé, et s'appliquera dès qu'un enregistrement le citera.`,
    closest: (names) => `Noms connus les plus proches : ${join(names, 'and')}.`,
  },
  subscriptions: {
    heading: 'Abonnements de ce canal',
    none: "Ce canal n'a aucun abonnement. Commencez par /secnumcloud subscribe.",
    summary: (n) => `${plural(n, 'abonnement')} dans ce canal`,
  },
  unsubscribe: {
    removed: (id) => `Abonnement ${id} supprimé.`,
    removedAll: (n) => (n === 0 ? "Ce canal n'avait aucun abonnement." : `${plural(n, 'abonnement supprimé', 'abonnements supprimés')} : ce canal ne recevra plus rien.`),
  },
  status: {
    heading: 'État du suivi SecNumCloud',
    summary: (o, p) => `${plural(o, 'offre qualifiée', 'offres qualifiées')} de ${plural(p, 'fournisseur')}`,
    qualifiedOffers: 'Offres qualifiées',
    providers: 'Fournisseurs',
    inProgress: 'En cours de qualification',
    edition: 'Édition du catalogue',
    sources: 'Sources',
    checkedAgo: (a) => `dernière vérification réussie ${a}`,
    neverChecked: 'jamais vérifiée avec succès',
    latestChange: 'Dernier changement',
    noChange: 'aucun pour le moment',
  },
  provider: {
    summary: (p, o, ip) => `${p} : ${plural(o, 'offre qualifiée', 'offres qualifiées')}, ${ip} en cours de qualification`,
    qualified: 'Offres qualifiées',
    noQualified: "Pas encore d'offre qualifiée.",
    inProgress: 'En cours de qualification',
    catalogueOf: (d) => `Catalogue du ${date(d)}.`,
  },
  list: {
    heading: (type) => `Offres qualifiées SecNumCloud${type ? ` (${type})` : ''}`,
    summary: (o, p) => `${plural(o, 'offre qualifiée', 'offres qualifiées')} de ${plural(p, 'fournisseur')}`,
    none: (type) => (type ? `Aucune offre ${type} qualifiée.` : 'Aucune offre qualifiée.'),
  },
  history: {
    heading: 'Derniers changements',
    summary: (n) => `${plural(n, 'dernier changement', 'derniers changements')}`,
    none: "Aucun changement enregistré pour l'instant.",
    previously: (p, s) => `auparavant ${p} — ${s}`,
    wasInProgress: 'était en cours de qualification',
    seenIn: (s) => `vu dans ${join(s, 'and')}`,
  },
  langCommand: {
    current: (name) => `Langue de ce canal : ${name}. Pour la changer : /secnumcloud lang fr ou /secnumcloud lang en.`,
    set: (name) => `Langue de ce canal désormais : ${name}.`,
  },
  help: {
    heading: '/secnumcloud : qualifications SecNumCloud et actualités',
    intro: "Suit le catalogue SecNumCloud de l'ANSSI, les services en cours de qualification et les actualités, et publie chaque changement ici. Alias français : abonner, désabonner, abonnements, statut, liste, historique, langue, aide, fournisseur:, mot-clé:.",
    lines: {
      subscribe: "abonne ce canal aux qualifications, actualités ou rappels d'échéance (tout par défaut), pour certains fournisseurs ou mots-clés si vous le souhaitez ; un fournisseur peut ne pas être encore qualifié",
      subscriptions: 'les abonnements de ce canal et leurs identifiants',
      unsubscribe: 'supprime un abonnement par son identifiant, ou tous',
      status: "l'état du suivi, ou les offres, dates et décisions d'un fournisseur",
      list: 'les offres qualifiées par fournisseur, éventuellement d’un seul type',
      history: 'les derniers changements (10 par défaut, jusqu’à 50)',
      lang: 'affiche ou change la langue de ce canal',
      help: 'cette aide',
    },
    examplesLabel: 'Exemples',
    examples: [
      '/secnumcloud subscribe',
      '/secnumcloud subscribe news provider:"Cloud Temple"',
      '/secnumcloud abonner qualifications fournisseur:NumSpot',
      '/secnumcloud subscribe news keyword:EUCS',
      '/secnumcloud status OVH',
      '/secnumcloud list IaaS',
      '/secnumcloud history 20',
    ],
  },
  sources: sourceWords('fr'),
  cannotManageDefault: "Vous n'avez pas le droit de gérer les abonnements de ce canal.",
  cannotManageReasons: {
    'invite-app': "Invitez d'abord l'application dans ce canal (/invite @SecNumCloud) : elle ne peut pas y publier.",
    'admin-only': 'Seuls les administrateurs et propriétaires de l’espace de travail peuvent gérer les abonnements.',
    'manage-channels': 'Il faut la permission « Gérer les salons » pour gérer les abonnements de ce salon.',
    'bot-permissions': 'Le bot ne peut pas publier ici : donnez-lui « Envoyer des messages » et « Intégrer des liens » dans ce salon.',
  },
};

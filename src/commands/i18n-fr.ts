import type { Problem } from './errors.js';
import { COMMAND_NAMES } from './grammar.js';
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

/** Un exemple de valeur pour chaque clé, quand elle est vide. */
const EXAMPLES: Record<Extract<Problem, { kind: 'emptyValue' }>['key'], string> = {
  provider: 'provider:"Cloud Temple"',
  keyword: 'keyword:EUCS',
  type: 'type:IaaS',
  exclude: 'exclude:recrutement',
  catalogue: 'référentiel:passi',
  category: 'catégorie:Pare-feu',
  reminders: 'rappels:produits',
};

function problem(p: Problem): string {
  switch (p.kind) {
    case 'unclosedQuote': return `Le guillemet ${p.quote} n'est jamais fermé (après « ${p.after} »). Fermez-le, par exemple provider:"Cloud Temple".`;
    case 'unknownCommand': return `Sous-commande inconnue « ${p.word} ». Sous-commandes : ${COMMAND_NAMES.join(', ')}.`;
    case 'unknownKey':
      return p.allowed.length === 0
        ? `Cette sous-commande ne prend pas d'option clé:valeur (« ${p.key}: »).`
        : `Clé inconnue « ${p.key}: ». Clés possibles ici : ${join(p.allowed.map((k) => `${k}:`), 'and')}.`;
    case 'emptyValue': return `${p.key}: attend une valeur, par exemple ${EXAMPLES[p.key]}.`;
    case 'unknownTopic':
      return `Sujet inconnu « ${p.word} » : choisissez all, qualifications, news ou expiry. Pour filtrer sur un fournisseur, écrivez provider:"${p.word}".`;
    case 'unexpected': return `« ${p.word} » n'était pas attendu ici.`;
    case 'missingProvider': return 'Quel fournisseur ? Par exemple : /secnumcloud timeline NumSpot.';
    case 'missingId': return 'Quel abonnement ? Donnez son identifiant (voir /secnumcloud subscriptions), ou all.';
    case 'unknownId':
      return p.known.length === 0
        ? `Pas d'abonnement ${p.id} ici : ce canal n'en a aucun.`
        : `Pas d'abonnement ${p.id} dans ce canal. Ses abonnements : ${join(p.known, 'and')}.`;
    case 'badCount': return `« ${p.word} » n'est pas un nombre entier de 1 à ${p.max}.`;
    case 'badType': return `Type inconnu « ${p.word} » : choisissez SaaS, PaaS, CaaS ou IaaS.`;
    case 'badList': return `Liste du catalogue inconnue « ${p.word} » : choisissez ${join(p.known, 'or')}, ou all.`;
    case 'categoryWithoutOffers': return "catégorie: choisit des produits qualifiés, et cet abonnement ne reçoit ni qualifications ni rappels d'échéance.";
    case 'categoryWithoutList': return 'catégorie: filtre la liste des produits qualifiés : ajoutez-la à référentiel: (référentiel:produits-qualifiés), ou retirez référentiel: pour suivre cette liste seule.';
    case 'badReminders': return `Rappels « ${p.word} » inconnus : écrivez rappels:produits pour recevoir les rappels d'échéance des produits certifiés et qualifiés.`;
    case 'remindersWithoutExpiry': return "rappels:produits ajoute des rappels d'échéance, et cet abonnement n'en reçoit pas : ajoutez expiry (ou all).";
    case 'remindersWithoutProducts': return 'rappels:produits concerne les listes de produits : ajoutez-en une à référentiel: (référentiel:cspn, référentiel:produits…).';
    case 'listWithoutOffers': return "catalogue: choisit les listes des qualifications et des rappels d'échéance, et cet abonnement n'en reçoit pas : les actualités ne sont pas filtrées par liste.";
    case 'badLang': return `Langue inconnue « ${p.word} » : choisissez fr ou en.`;
    case 'cannotManage':
      if (p.reason === 'bot-permissions' && p.missing?.length) return fr.botMissing(p.missing.map((m) => fr.permissionNames[m] ?? m));
      return (p.reason && fr.cannotManageReasons[p.reason]) || p.reason || fr.cannotManageDefault;
    case 'typeWithoutOffers': return "type: filtre les qualifications et les rappels d'échéance, et cet abonnement n'en reçoit pas : les actualités n'ont pas de type de service.";
    case 'excludeWithoutNews': return "exclude: filtre les actualités, et cet abonnement n'en reçoit pas : ajoutez news, ou retirez exclude:.";
    case 'testTooSoon': return `Une alerte de test a été envoyée ici il y a moins d'une minute : réessayez dans ${p.seconds} s.`;
    case 'noDeliveryPath': return "Impossible d'envoyer une alerte de test d'ici : ce processus n'a pas accès aux files de livraison. Prévenez les opérateurs.";
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
    subscribe: '/secnumcloud subscribe [all|qualifications|news|expiry]… [provider:<nom>]… [keyword:<mot>]… [type:<SaaS|PaaS|CaaS|IaaS>]… [exclude:<mot>]… [référentiel:<passi|pris|cspn|cc|produits|…|all>]… [catégorie:<nom>]… [rappels:produits]',
    subscriptions: '/secnumcloud subscriptions',
    unsubscribe: '/secnumcloud unsubscribe <id>|all',
    test: '/secnumcloud test',
    pause: '/secnumcloud pause',
    resume: '/secnumcloud resume',
    status: '/secnumcloud status [fournisseur]',
    list: '/secnumcloud list [SaaS|PaaS|CaaS|IaaS] | list <passi|cspn|cc|…> [fournisseur]',
    history: '/secnumcloud history [n]',
    timeline: '/secnumcloud timeline <fournisseur>',
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
    notMaintained: 'non maintenu',
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
    typesOnly: (types) => `uniquement les offres ${join(types, 'or')}`,
    lists: (names) => `listes ${join(names, 'and')}`,
    allLists: 'toutes les listes du catalogue',
    categoriesOnly: (c) => `uniquement les produits qualifiés de la catégorie ${join(c, 'or')}`,
    productReminders: 'produits certifiés et qualifiés compris',
    noProductReminders: 'aucun pour les produits certifiés et qualifiés (ajoutez rappels:produits)',
    except: (w) => `sauf celles qui citent ${join(w, 'or')}`,
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
    unknownCategory: (c, known) => `Aucun produit qualifié de la dernière édition n'est dans une catégorie nommée ${c} : le filtre est conservé, et s'appliquera dès qu'un le sera. Catégories imprimées : ${join(known, 'and')}.`,
    recentHeading: 'Derniers changements qu’il aurait envoyés :',
    noRecent: "Aucun changement enregistré jusqu'ici ne correspond à cet abonnement : la première alerte arrivera avec le prochain.",
    noneAmongLatest: (n) => `Aucun des ${n} derniers changements ne correspond à cet abonnement : la première alerte arrivera avec le prochain qui y correspond.`,
    pausedNote: 'Ce canal est en pause : rien n’y est publié jusqu’à /secnumcloud resume.',
  },
  subscriptions: {
    heading: 'Abonnements de ce canal',
    none: "Ce canal n'a aucun abonnement. Commencez par /secnumcloud subscribe.",
    summary: (n) => `${plural(n, 'abonnement')} dans ce canal`,
    paused: (d) => `En pause depuis le ${d} : aucune alerte n'est publiée ici jusqu'à /secnumcloud resume.`,
  },
  pause: {
    done: "Alertes suspendues dans ce canal : les changements n'y sont plus publiés, ni mis de côté, jusqu'à /secnumcloud resume ; /secnumcloud history montrera ce qui a été manqué.",
    already: (d) => `Ce canal est déjà en pause (depuis le ${d}). /secnumcloud resume relance les alertes.`,
  },
  resume: {
    done: (n, d) =>
      `Alertes reprises dans ce canal. ${n === 0 ? "Aucun changement n'a été écarté" : n === 1 ? "1 changement n'a pas été publié" : `${n} changements n'ont pas été publiés`} pendant la pause (depuis le ${d}) : /secnumcloud history montre les derniers changements.`,
    notPaused: "Ce canal n'est pas en pause : ses alertes sont publiées au fil de l'eau.",
  },
  test: {
    queued: 'Envoi d’une alerte de test dans ce canal.',
    shows: {
      matching: 'Elle montre le dernier changement que les abonnements de ce canal retiennent :',
      latest: 'Aucun changement ne correspond encore aux abonnements de ce canal : elle montre le dernier changement enregistré :',
      sample: "Aucun changement n'est encore enregistré : elle montre une offre du catalogue actuel :",
      none: 'Rien à montrer pour l’instant : elle vérifie seulement que le suivi peut publier ici.',
    },
    followUpNote: 'Un second message dira si elle a été publiée.',
    paused: 'Ce canal est en pause : l’alerte de test y est publiée, les vraies alertes non, jusqu’à /secnumcloud resume.',
    posted: "L'alerte de test a été publiée dans ce canal.",
    failed: (r) => `L'alerte de test n'a pas pu être publiée (${r}).`,
    pending: (q, sec) =>
      `L'alerte de test n'est pas encore publiée au bout de ${sec} s : ${q === 0 ? 'elle est la première dans la file de ce canal' : `${q === 1 ? '1 message la précède' : `${q} messages la précèdent`} dans la file de ce canal`}. Elle y reste et sera publiée à son tour ; si elle n'arrive jamais, vérifiez qu'un worker tourne.`,
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
    otherLists: 'Autres listes du catalogue',
    listCount: (n) => plural(n, 'inscrit'),
    listNotRead: 'pas encore lue',
    listHeld: 'un document plus récent est retenu pour vérification',
  },
  provider: {
    summary: (p, o, ip) => `${p} : ${plural(o, 'offre qualifiée', 'offres qualifiées')}, ${ip} en cours de qualification`,
    qualified: 'Offres qualifiées',
    noQualified: "Pas encore d'offre qualifiée.",
    inProgress: 'En cours de qualification',
    catalogueOf: (d) => `Catalogue du ${date(d)}.`,
    more: (n, command) => `…et ${n} de plus : ${command} les affiche.`,
  },
  list: {
    heading: (type) => `Offres qualifiées SecNumCloud${type ? ` (${type})` : ''}`,
    summary: (o, p) => `${plural(o, 'offre qualifiée', 'offres qualifiées')} de ${plural(p, 'fournisseur')}`,
    none: (type) => (type ? `Aucune offre ${type} qualifiée.` : 'Aucune offre qualifiée.'),
    listHeading: (l, p) => (p ? `${l} : ${p}` : l),
    listSummary: (n, p) => `${plural(n, 'entrée')} de ${plural(p, 'fournisseur')}`,
    byProvider: 'Par fournisseur (ajoutez un nom pour voir ses entrées) :',
    providerCount: (p, n) => `${p} — ${plural(n, 'entrée')}`,
    listNotRead: (l) => `${l} : pas encore lue (le suivi n'a pas encore lu cette liste du catalogue, ou ne la suit pas).`,
    listNone: (l) => `${l} : aucune entrée dans la dernière édition du catalogue.`,
    moreHidden: (n) => `…et ${n} de plus, non affichés ici.`,
  },
  history: {
    heading: 'Derniers changements',
    summary: (n) => `${plural(n, 'dernier changement', 'derniers changements')}`,
    none: "Aucun changement enregistré pour l'instant.",
    previously: (p, s) => `auparavant ${p} — ${s}`,
    wasInProgress: 'était en cours de qualification',
    seenIn: (s) => `vu dans ${join(s, 'and')}`,
  },
  timeline: {
    heading: (n) => `Histoire de ${n}`,
    summary: (n, c) => `${plural(c, 'étape', 'étapes')} de l'histoire de ${n}`,
    none: (n) => `Rien d'enregistré pour ${n} depuis le début du suivi.`,
    page: 'Toute son histoire',
    trackedSince: (d) => `Suivi depuis le ${date(d)}.`,
    kinds: {
      listed: 'Au catalogue au début du suivi', news: 'Actualité', in_progress: 'En cours de qualification', qualified: 'Qualification', renamed: 'Renommée', renewed: 'Renouvelée',
      updated: 'Mise à jour', recommendation: 'Recommandation modifiée', expiring: 'Fin proche', removed: 'Retirée du catalogue',
    },
    recommendation: (f, t) => `de « ${f} » à « ${t} »`,
    levels: { optimal: 'optimale', moderate: 'modérée', critical: 'critique' },
  },
  langCommand: {
    current: (name) => `Langue de ce canal : ${name}. Pour la changer : /secnumcloud lang fr ou /secnumcloud lang en.`,
    set: (name) => `Langue de ce canal désormais : ${name}.`,
  },
  help: {
    heading: '/secnumcloud : qualifications SecNumCloud et actualités',
    intro: "Suit le catalogue SecNumCloud de l'ANSSI, les services en cours de qualification et les actualités, et publie chaque changement ici. Alias français : abonner, désabonner, abonnements, tester, suspendre, reprendre, statut, liste, historique, chronologie, langue, aide, fournisseur:, mot-clé:, exclure:.",
    lines: {
      subscribe: "abonne ce canal aux qualifications, actualités ou rappels d'échéance (tout par défaut), pour certains fournisseurs ou mots-clés si vous le souhaitez ; un fournisseur peut ne pas être encore qualifié",
      subscriptions: 'les abonnements de ce canal et leurs identifiants',
      unsubscribe: 'supprime un abonnement par son identifiant, ou tous',
      test: "publie ici une alerte de test (le dernier changement que ce canal recevrait), pour voir à quoi ressemblent les alertes et vérifier que le bot peut publier ; une par minute au plus",
      pause: "suspend les alertes ici (rien n'est mis de côté) jusqu'à resume",
      resume: 'relance les alertes ici et dit combien de changements la pause a écartés',
      status: "l'état du suivi, ou les offres, dates et décisions d'un fournisseur",
      list: "les offres qualifiées par fournisseur, éventuellement d’un seul type ; ou les entrées d'une autre liste (cspn, cc, produits-qualifiés…), éventuellement d'un seul fournisseur ou développeur",
      history: 'les derniers changements (10 par défaut, jusqu’à 50)',
      timeline: "l'histoire d'un fournisseur : ses dix dernières étapes datées (en cours, qualification, renouvellement, actualités…)",
      lang: 'affiche ou change la langue de ce canal',
      help: 'cette aide',
    },
    examplesLabel: 'Exemples',
    examples: [
      '/secnumcloud subscribe',
      '/secnumcloud subscribe news provider:"Cloud Temple"',
      '/secnumcloud abonner qualifications fournisseur:NumSpot',
      '/secnumcloud subscribe news keyword:EUCS',
      '/secnumcloud subscribe qualifications type:IaaS',
      '/secnumcloud subscribe qualifications référentiel:passi,pris',
      '/secnumcloud abonner qualifications référentiel:cspn fournisseur:Stormshield',
      '/secnumcloud abonner all référentiel:produits catégorie:Pare-feu rappels:produits',
      '/secnumcloud test',
      '/secnumcloud status OVH',
      '/secnumcloud list IaaS',
      '/secnumcloud list cspn Stormshield',
      '/secnumcloud history 20',
      '/secnumcloud timeline NumSpot',
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
  botMissing: (perms) => `Le bot ne peut pas publier ici : donnez-lui ${join(perms.map((p) => `« ${p} »`), 'and')} dans ce salon (paramètres du salon → Permissions).`,
  permissionNames: { ViewChannel: 'Voir le salon', SendMessages: 'Envoyer des messages', EmbedLinks: 'Intégrer des liens' },
};

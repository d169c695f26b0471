import type { Lang } from '../../commands/ports.js';
import type { DigestMode } from '../../core/targets.js';

/** Each kind of change counted in a digest's subject, singular and plural, in each language. */
const KINDS: Record<Lang, Record<string, [string, string]>> = {
  fr: {
    'offer.added': ['ajout', 'ajouts'],
    'offer.removed': ['retrait', 'retraits'],
    'offer.renamed': ['changement de nom', 'changements de nom'],
    'offer.renewed': ['renouvellement', 'renouvellements'],
    'offer.updated': ['mise à jour', 'mises à jour'],
    'offer.expiring': ['échéance', 'échéances'],
    'offer.in_progress': ['qualification en cours', 'qualifications en cours'],
    'news.published': ['actualité', 'actualités'],
  },
  en: {
    'offer.added': ['added', 'added'],
    'offer.removed': ['removed', 'removed'],
    'offer.renamed': ['renamed', 'renamed'],
    'offer.renewed': ['renewed', 'renewed'],
    'offer.updated': ['updated', 'updated'],
    'offer.expiring': ['expiring', 'expiring'],
    'offer.in_progress': ['in progress', 'in progress'],
    'news.published': ['news item', 'news items'],
  },
};

export const WORDS = {
  fr: {
    prefix: 'SecNumCloud',
    changes: (n: number) => `${n} changement${n > 1 ? 's' : ''}`,
    kind: (kind: string, n: number) => `${n} ${KINDS.fr[kind]?.[n > 1 ? 1 : 0] ?? 'autre'}`,
    digest: { immediate: 'Changements', daily: 'Résumé du jour', weekly: 'Résumé de la semaine' } satisfies Record<DigestMode, string>,
    unsubscribe: 'Se désabonner',
    noLink: 'Pour ne plus recevoir ces messages, demandez à l’administrateur du tracker de retirer votre adresse.',
    why: 'Vous recevez ce message car votre adresse est abonnée aux alertes du tracker SecNumCloud.',
  },
  en: {
    prefix: 'SecNumCloud',
    changes: (n: number) => `${n} change${n > 1 ? 's' : ''}`,
    kind: (kind: string, n: number) => `${n} ${KINDS.en[kind]?.[n > 1 ? 1 : 0] ?? 'other'}`,
    digest: { immediate: 'Changes', daily: 'Daily digest', weekly: 'Weekly digest' } satisfies Record<DigestMode, string>,
    unsubscribe: 'Unsubscribe',
    noLink: 'To stop receiving these messages, ask the tracker’s administrator to remove your address.',
    why: 'You receive this message because your address is subscribed to the SecNumCloud tracker’s alerts.',
  },
} as const;

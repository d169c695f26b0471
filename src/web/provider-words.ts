/** The words of a provider's page (`/providers/<slug>`), French and English; dates and list names come from elsewhere. */
import type { Lang } from '../commands/ports.js';
import type { StepKind } from '../core/provider-story.js';

export interface ProviderWords {
  title(name: string): string;
  intro(name: string): string;
  back: string;
  formerNames(names: string): string;
  qualificationsHeading: string;
  noQualification: string;
  caption(name: string): string;
  columns: { list: string; service: string; from: string; until: string; decision: string };
  inProgressHeading: string;
  inProgressSince(date: string): string;
  announcedHeading: string;
  announced(date: string, where: string): string;
  timelineHeading: string;
  noStep: string;
  trackedSince(date: string): string;
  kinds: Record<StepKind, string>;
  previously(name: string): string;
  until(date: string): string;
  recommendation(from: string, to: string): string;
  daysLeft(n: number): string;
  source: string;
  levels: Record<string, string>;
  allProviders: string;
}

const FR: ProviderWords = {
  title: (n) => `${n} — qualifications ANSSI`,
  intro: (n) => `Les qualifications de ${n} dans chaque liste du catalogue de l'ANSSI, et leur histoire telle que le suivi l'a vue.`,
  back: 'Retour au suivi SecNumCloud',
  formerNames: (n) => `Autrefois : ${n}.`,
  qualificationsHeading: "Qualifications aujourd'hui",
  noQualification: "Aucune qualification dans le catalogue aujourd'hui.",
  caption: (n) => `Qualifications de ${n}, par liste`,
  columns: { list: 'Liste', service: 'Service', from: 'Depuis', until: "Jusqu'au", decision: 'Décision ou certificat' },
  inProgressHeading: 'En cours de qualification',
  inProgressSince: (d) => `en cours depuis le ${d}`,
  announcedHeading: 'Première annonce',
  announced: (d, w) => `Annoncée pour la première fois le ${d} (${w}) :`,
  timelineHeading: 'Historique',
  noStep: "Aucun changement enregistré depuis le début du suivi.",
  trackedSince: (d) => `Suivi depuis le ${d} : rien n'est connu d'avant.`,
  kinds: {
    listed: 'Au catalogue au début du suivi', news: 'Actualité', in_progress: 'Entrée en cours de qualification', qualified: 'Qualification', renamed: 'Renommée', renewed: 'Renouvelée',
    updated: 'Mise à jour', recommendation: 'Recommandation modifiée', expiring: 'Fin de qualification proche', removed: 'Retirée du catalogue',
  },
  previously: (n) => `auparavant ${n}`,
  until: (d) => `jusqu'au ${d}`,
  recommendation: (f, t) => `de « ${f} » à « ${t} »`,
  daysLeft: (n) => (n < 0 ? `échue depuis ${-n} j` : `${n} j restants`),
  source: 'source',
  levels: { optimal: 'optimale', moderate: 'modérée', critical: 'critique' },
  allProviders: 'Tous les prestataires',
};

const EN: ProviderWords = {
  title: (n) => `${n} — ANSSI qualifications`,
  intro: (n) => `${n}'s qualifications in every list of ANSSI's catalogue, and their history as the tracker saw it.`,
  back: 'Back to the SecNumCloud tracker',
  formerNames: (n) => `Formerly: ${n}.`,
  qualificationsHeading: 'Qualifications today',
  noQualification: 'No qualification in the catalogue today.',
  caption: (n) => `${n}'s qualifications, by list`,
  columns: { list: 'List', service: 'Service', from: 'From', until: 'Until', decision: 'Decision or certificate' },
  inProgressHeading: 'In the qualification process',
  inProgressSince: (d) => `in progress since ${d}`,
  announcedHeading: 'First announced',
  announced: (d, w) => `First announced on ${d} (${w}):`,
  timelineHeading: 'History',
  noStep: 'No change recorded since tracking began.',
  trackedSince: (d) => `Tracked since ${d}: nothing is known from before.`,
  kinds: {
    listed: 'In the catalogue when tracking began', news: 'News', in_progress: 'Entered the qualification process', qualified: 'Qualified', renamed: 'Renamed', renewed: 'Renewed',
    updated: 'Updated', recommendation: 'Recommendation changed', expiring: 'Qualification ending soon', removed: 'Removed from the catalogue',
  },
  previously: (n) => `previously ${n}`,
  until: (d) => `until ${d}`,
  recommendation: (f, t) => `from "${f}" to "${t}"`,
  daysLeft: (n) => (n < 0 ? `ended ${-n} d ago` : `${n} d left`),
  source: 'source',
  levels: { optimal: 'optimal', moderate: 'moderate', critical: 'critical' },
  allProviders: 'All providers',
};

export const providerWords = (lang: Lang): ProviderWords => (lang === 'fr' ? FR : EN);

/**
 * What an alert says about a certified or qualified product (the catalogue's product lists, decision 0023): a
 * heading that names the list and the change in words ("New CSPN certificate", "CC certificate moved to the
 * archive"), the product with its version and certificate id, and the certificate's facts and documents.
 * SecNumCloud and the service lists keep their words (alert.ts).
 */
import { certificateRelation, type CertificateRelation } from '../core/certificate-id.js';
import type { OfferEvent } from '../core/events.js';
import { listName } from '../core/list-names.js';
import type { Offer } from '../core/offer.js';
import { isProductList, listOf } from '../core/tracks.js';
import type { Lang } from './ports.js';
import type { Block, Inline } from './reply.js';

/** What one certificate or product of each list is called, in each language (every French noun here is masculine). */
const NOUNS: Record<string, Record<Lang, string>> = {
  cc: { fr: 'certificat CC', en: 'CC certificate' },
  cspn: { fr: 'certificat CSPN', en: 'CSPN certificate' },
  'qualified-products': { fr: 'produit qualifié', en: 'qualified product' },
  'protection-profiles': { fr: 'profil de protection certifié', en: 'certified protection profile' },
  sites: { fr: 'site certifié', en: 'certified site' },
};

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const T = {
  fr: {
    'offer.added': (n: string) => `Nouveau ${n}`,
    'offer.removed': (n: string) => `${cap(n)} retiré du catalogue`,
    archived: (n: string) => `${cap(n)} déplacé vers les archives`,
    lapsed: (n: string) => `${cap(n)} arrivé à échéance`,
    'offer.renamed': (n: string) => `${cap(n)} renommé`,
    'offer.renewed': (n: string) => `${cap(n)} renouvelé`,
    'offer.updated': (n: string) => `${cap(n)} mis à jour`,
    'offer.expiring': (n: string) => `${cap(n)} : fin de validité proche`,
    expired: (n: string) => `${cap(n)} : date de fin dépassée mais toujours listé`,
    'offer.in_progress': (n: string) => `Nouveau ${n} en cours`,
    list: 'Liste',
    level: 'Niveau',
    validity: 'Validité',
    category: 'Catégorie',
    productType: 'Type de produit',
    approval: "Niveau d'agrément",
    evaluationFacility: 'CESTI',
    sponsor: 'Commanditaire',
    certificate: 'Certificat',
    report: 'rapport de certification',
    target: 'cible de sécurité',
    notMaintained: 'Non maintenu',
    previousCertificate: (a: string, rel: string) => `Auparavant ${a} (${rel})`,
    relations: { 'new-version': 'nouvelle version du certificat', renewal: 'réévaluation : certificat renouvelé', update: 'rapport de maintenance ou de surveillance', same: 'même certificat', different: 'autre certificat' } satisfies Record<CertificateRelation, string>,
  },
  en: {
    'offer.added': (n: string) => `New ${n}`,
    'offer.removed': (n: string) => `${cap(n)} removed from the catalogue`,
    archived: (n: string) => `${cap(n)} moved to the archive`,
    lapsed: (n: string) => `${cap(n)} lapsed`,
    'offer.renamed': (n: string) => `${cap(n)} renamed`,
    'offer.renewed': (n: string) => `${cap(n)} renewed`,
    'offer.updated': (n: string) => `${cap(n)} updated`,
    'offer.expiring': (n: string) => `${cap(n)} ending soon`,
    expired: (n: string) => `${cap(n)} past its end date but still listed`,
    'offer.in_progress': (n: string) => `New ${n} in progress`,
    list: 'List',
    level: 'Level',
    validity: 'Valid',
    category: 'Category',
    productType: 'Product type',
    approval: 'Approval level',
    evaluationFacility: 'Evaluation facility',
    sponsor: 'Sponsor',
    certificate: 'Certificate',
    report: 'certification report',
    target: 'security target',
    notMaintained: 'No longer maintained',
    previousCertificate: (a: string, rel: string) => `Previously ${a} (${rel})`,
    relations: { 'new-version': 'a new version of the certificate', renewal: 'reassessed: the certificate renewed', update: 'a maintenance or surveillance report', same: 'the same certificate', different: 'another certificate' } satisfies Record<CertificateRelation, string>,
  },
} as const;

/** Whether an event is about a certified or qualified product. */
export const isProductEvent = (e: OfferEvent): boolean => isProductList(listOf(e.offer));

/** "4.3" → "v4.3"; a version that does not start with a digit ("R2", "build 7") as printed. */
const versionText = (v: string): string => (/^\d/.test(v) ? `v${v}` : v);

/** "Stormshield Network Security v4.3.x": the product and its version, empty when the row names neither. */
export const productLabel = (o: Offer): string => [o.service, o.version ? versionText(o.version) : undefined].filter(Boolean).join(' ');

/** "Stormshield — Stormshield Network Security v4.3.x", the developer alone when the row names no product. */
export function productName(o: Offer): string {
  const product = productLabel(o);
  return product ? `${o.provider} — ${product}` : o.provider;
}

/** The one-line name of an alert's summary: the product, then its certificate id when it has one. */
export const productSummaryName = (o: Offer): string => (o.certificate ? `${productName(o)}, ${o.certificate}` : productName(o));

/** The heading of a product event: the list's noun and the change ("CSPN certificate moved to the archive"). */
export function productTitle(e: OfferEvent, lang: Lang, expired: boolean): string {
  const t = T[lang];
  const noun = NOUNS[listOf(e.offer)]?.[lang] ?? listName(listOf(e.offer), lang, false);
  if (expired) return t.expired(noun);
  if (e.kind === 'offer.removed' && e.reason) return t[e.reason](noun);
  return t[e.kind](noun);
}

/**
 * The facts of a product beyond its name, as alert fields: its list, category, type, levels, validity or "no longer
 * maintained", and its certificate with its three documents (each a link when the catalogue gives it).
 */
export function productFields(o: Offer, lang: Lang, validity: (o: Offer) => Inline[] | undefined): Array<{ label: string; value: Inline[] }> {
  const t = T[lang];
  const fields: Array<{ label: string; value: Inline[] }> = [{ label: t.list, value: [listName(listOf(o), lang)] }];
  if (o.category) fields.push({ label: t.category, value: [o.category] });
  if (o.productType) fields.push({ label: t.productType, value: [o.productType] });
  if (o.level) fields.push({ label: t.level, value: [o.level] });
  if (o.approval) fields.push({ label: t.approval, value: [o.approval] });
  const valid = validity(o);
  if (o.maintained === false) fields.push({ label: t.validity, value: [...(valid ? [...valid, ' — '] : []), { bold: t.notMaintained }] });
  else if (valid) fields.push({ label: t.validity, value: valid });
  if (o.certificate) {
    const docs: Inline[] = [];
    for (const [url, label] of [[o.reportUrl, t.report], [o.securityTargetUrl, t.target]] as const) if (url) docs.push(' · ', { link: url, label });
    fields.push({ label: t.certificate, value: [o.certificateUrl ? { link: o.certificateUrl, label: o.certificate } : o.certificate, ...docs] });
  }
  if (o.evaluationFacility) fields.push({ label: t.evaluationFacility, value: [o.evaluationFacility] });
  if (o.sponsor && o.sponsor !== o.provider) fields.push({ label: t.sponsor, value: [o.sponsor] });
  return fields;
}

/**
 * What changed in a product's renewal or update, in words: the certificate it had before and how the two relate
 * (a new version, a reassessment, a maintenance report), or the former name of a rename.
 */
export function productChangeBlocks(e: OfferEvent, lang: Lang): Block[] {
  const t = T[lang];
  const before = e.previous?.certificate;
  const after = e.offer.certificate;
  if (!before || !after || before === after) return [];
  return [{ type: 'context', content: [t.previousCertificate(before, t.relations[certificateRelation(before, after)])] }];
}

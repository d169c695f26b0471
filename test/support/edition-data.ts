/**
 * Data printed in the synthetic editions: the 16 real rows of December 2025 plus invented ones.
 * Every invented provider or service below is fictional test data (NumSpot excepted, whose row is invented).
 */
import type { ServiceType } from '../../src/core/offer.js';
import { catalogueSnapshot } from './csv-offers.js';
import { isoToFrench, type CloudRow } from './edition-types.js';

/** The 16 rows of the real December 2025 table, as printed. */
export function realCloudRows(): CloudRow[] {
  return catalogueSnapshot().offers.map((o) => {
    const m = /\/visas\/(\d{4})_(\d+)_np\.pdf$/.exec(o.decisionUrl ?? '');
    if (!m || m[2] !== o.decision) throw new Error(`edition data: unexpected decision URL ${o.decisionUrl}`);
    return {
      provider: o.provider,
      service: o.service ?? '',
      types: [...o.types],
      from: isoToFrench(o.qualifiedFrom ?? ''),
      until: isoToFrench(o.qualifiedUntil ?? ''),
      decision: o.decision ?? '',
      year: m[1]!,
      check: o.provider === 'Outscale' ? 'orange' : 'green',
    };
  });
}

const T = (...types: ServiceType[]): ServiceType[] => types;

/** Invented rows, each placed where the alphabetical order of providers puts it. */
const INVENTED: Record<string, CloudRow[]> = {
  // inserted before the first row whose provider sorts after the key
  'Cumulus Français': [
    { provider: 'Cumulus Français', service: 'Coffre-fort numérique 2', types: T('SaaS'), from: '15/09/2025', until: '15/09/2028', decision: '1588', year: '2025' },
    { provider: 'Cumulus Français', service: 'Hébergement façonné sécurisé', types: T('IaaS'), from: '02/12/2025', until: '01/12/2028', decision: '2034', year: '2025' },
    { provider: 'Cumulus Français', service: 'Plateforme complète d’hébergement de données de santé', types: T('SaaS', 'PaaS', 'CaaS', 'IaaS'), from: '05/01/2026', until: '05/01/2029', decision: '12', year: '2026' },
  ],
  NumSpot: [
    { provider: 'NumSpot', service: 'NumSpot Cloud Platform', types: T('PaaS', 'CaaS'), from: '18/11/2025', until: '18/11/2028', decision: '1990', year: '2025' },
  ],
  "Société Française d'Hébergement": [
    { provider: "Société Française d'Hébergement", service: 'Messagerie collaborative', types: T('SaaS', 'PaaS'), from: '27/10/2025', until: '27/10/2028', decision: '1802', year: '2025' },
  ],
};

/** ASCII order, as the real table sorts ("OVH" before "Oodrive"). */
const byProvider = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Real rows + invented rows, with a footnote glued to "Cloud Avenue SecNum". */
export function cloudRows(cloudAvenueMarker: string): CloudRow[] {
  const rows = realCloudRows().map((r) =>
    r.service === 'Cloud Avenue SecNum'
      ? { ...r, footnote: { marker: cloudAvenueMarker, text: 'Service précédemment dénommé « Cloud Avenue » dans les éditions antérieures.' } }
      : r,
  );
  for (const [provider, extra] of Object.entries(INVENTED)) {
    const at = rows.findIndex((r) => byProvider(r.provider, provider) > 0);
    rows.splice(at < 0 ? rows.length : at, 0, ...extra);
  }
  return rows;
}

/** Rows of a "qualification retirée" table: look-alike rows that are NOT offers (fictional). */
export const WITHDRAWN_ROWS: CloudRow[] = [
  { provider: 'Cirrus Hébergement', service: 'Cirrus IaaS Souverain', types: T('IaaS'), from: '10/02/2023', until: '14/02/2026', decision: '233', year: '2026' },
  { provider: 'Cumulus Français', service: 'Ancienne offre de sauvegarde', types: T('SaaS'), from: '01/06/2022', until: '20/01/2026', decision: '98', year: '2026' },
  { provider: 'Stratus Services', service: 'Stratus Kubernetes managé', types: T('PaaS', 'CaaS'), from: '03/03/2024', until: '27/02/2026', decision: '260', year: '2026' },
];

/** PASSI look-alike rows: X under five activity columns, level, dates, decision link. */
export const PASSI_ROWS: { provider: string; marks: boolean[]; level: string; sn: string; from: string; until: string; decision: string }[] = [
  { provider: 'ACG Cybersecurity', marks: [true, true, true, true, true], level: 'Elevé', sn: 'Non', from: '14/03/2025', until: '22/09/2027', decision: '445' },
  { provider: 'Abicom', marks: [true, true, true, true, true], level: 'Elevé', sn: 'Non', from: '14/03/2025', until: '17/05/2027', decision: '442' },
  { provider: 'Acceis', marks: [true, true, true, true, true], level: 'Elevé', sn: 'Non', from: '14/03/2025', until: '20/07/2027', decision: '443' },
  { provider: 'Adacis', marks: [true, true, true, false, true], level: 'Elevé', sn: 'Oui', from: '14/03/2025', until: '14/06/2026', decision: '420' },
  { provider: 'Cumulus Français', marks: [false, true, true, false, false], level: 'Substantiel', sn: 'Non', from: '09/09/2025', until: '09/09/2028', decision: '1540' },
];

/** Rows of the 3.4 (infogérance) table: provider, service, dates, decision; no type columns. */
export const PAMS_ROWS: { provider: string; service: string; from: string; until: string; decision: string; year: string }[] = [
  { provider: 'Cumulus Français', service: 'Administration sécurisée de systèmes sensibles', from: '08/10/2025', until: '08/10/2028', decision: '1701', year: '2025' },
  { provider: 'I-Tracing', service: 'Support et services managés', from: '25/04/2024', until: '25/04/2027', decision: '815', year: '2024' },
];

export const CLOUD_INTRO = [
  "Les services d'informatique en nuage (« cloud computing ») permettent l’accès via un réseau à des ressources informatiques pouvant être partagées et attribuées à la demande.",
  "Les prestataires de services d'informatique en nuage sont qualifiés par l'ANSSI pour la fourniture des services suivants :",
];
export const CLOUD_OUTRO = "Les prestataires de services d'informatique en nuage sont qualifiés par l'ANSSI au titre de l'article 14 du décret n°2015-350.";

export const TYPE_BULLETS: { label: string; text: string; note: string }[] = [
  { label: 'SaaS :', text: 'Software as a service', note: 'logiciels en tant que service' },
  { label: 'PaaS :', text: 'Platform as a service', note: 'plateforme en tant que service' },
  { label: 'CaaS :', text: 'Container as a service', note: 'container en tant que service' },
  { label: 'IaaS :', text: 'Infrastructure as a service', note: 'infrastructure en tant que service' },
];

/**
 * The hand-read rows of the December 2025 service lists (test/fixtures/anssi-catalogue/<list>_2025-12-05.csv),
 * as the catalogue adapter should yield them.
 */
import { readFileSync } from 'node:fs';
import { frenchDateToIso, type Offer } from '../../src/core/offer.js';
import { recommendationOf, splitCsvLine } from './csv-offers.js';

/** CSV column → scope id, per list, in printed order. */
const SCOPES: Record<string, Record<string, string>> = {
  pacs: {
    conseil_homologation: 'security-accreditation',
    conseil_gestion_risques: 'risk-management',
    conseil_securite_architectures: 'architecture-security',
    conseil_preparation_gestion_crise: 'crisis-preparation',
  },
  passi: {
    audit_organisationnel_physique: 'organisational-physical-audit',
    audit_architecture: 'architecture-audit',
    audit_configuration: 'configuration-audit',
    audit_code_source: 'source-code-audit',
    tests_intrusion: 'penetration-testing',
  },
  pris: {
    recherche_indicateurs_compromission: 'compromise-indicators',
    investigation_numerique: 'digital-investigation',
    analyse_codes_malveillants: 'malware-analysis',
    pilotage_coordination_investigations: 'investigation-coordination',
  },
};

const iso = (s: string): string => {
  const out = frenchDateToIso(s);
  if (!out) throw new Error(`not a DD/MM/YYYY date: ${s}`);
  return out;
};

/** Every printed column is used (the PRIS "Contact" link aside: a broken file:/// link, not part of the record). */
export function listCsvRecords(list: 'pacs' | 'passi' | 'pris' | 'pdis' | 'pams'): Offer[] {
  const text = readFileSync(new URL(`../fixtures/anssi-catalogue/${list}_2025-12-05.csv`, import.meta.url), 'utf8');
  const [header, ...rows] = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const names = splitCsvLine(header!);
  const scopes = SCOPES[list] ?? {};
  return rows.map((line) => {
    const f = splitCsvLine(line);
    if (f.length !== names.length) throw new Error(`${list}: expected ${names.length} fields: ${line}`);
    const get = (name: string): string | undefined => {
      const i = names.indexOf(name);
      return i < 0 ? undefined : f[i]!;
    };
    const level = get('niveau_qualification');
    const national = get('securite_nationale');
    const service = get('service');
    return {
      list,
      provider: get('fournisseur')!,
      ...(service !== undefined ? { service } : {}),
      types: [],
      qualifiedFrom: iso(get('date_debut')!),
      qualifiedUntil: iso(get('date_fin')!),
      decision: get('decision_link_text')!,
      decisionUrl: get('decision_url')!,
      ...(Object.keys(scopes).length > 0 ? { scopes: Object.entries(scopes).filter(([col]) => get(col) === 'X').map(([, id]) => id) } : {}),
      ...(level !== undefined ? { level } : {}),
      ...(national !== undefined ? { nationalSecurity: national === 'Oui' } : {}),
      recommendation: recommendationOf(get('niveau_recommandation')!),
      status: 'qualified',
    };
  });
}

/** URIs of the link annotations of the service pages (42-63), per page. */
export function serviceLinks(): Array<{ page: number; uri: string }> {
  const text = readFileSync(new URL('../fixtures/anssi-catalogue/service-links_2025-12-05.tsv', import.meta.url), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split('\t'))
    .map(([page, , uri]) => ({ page: Number(page), uri: uri! }));
}

import { readFileSync } from 'node:fs';
import { frenchDateToIso, sortTypes, type Offer, type Recommendation, type ServiceType, type Snapshot } from '../../src/core/offer.js';

const CATALOGUE_CSV = new URL('../fixtures/anssi-catalogue/secnumcloud_2025-12-05.csv', import.meta.url);

/** Splits one CSV line; fields may be double-quoted, with commas and doubled quotes inside. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

function isoOrThrow(s: string): string {
  const iso = frenchDateToIso(s);
  if (!iso) throw new Error(`not a DD/MM/YYYY date: ${s}`);
  return iso;
}

const LEVELS: Record<string, Recommendation> = { Optimal: 'optimal', Modéré: 'moderate', Critique: 'critical' };

/** "Optimal" / "Modéré" / "Critique", as the hand-read CSVs name the mark's colour. */
export function recommendationOf(s: string): Recommendation {
  const level = LEVELS[s.trim()];
  if (!level) throw new Error(`not a recommendation level: ${s}`);
  return level;
}

/** The hand-checked SecNumCloud rows of a catalogue CSV fixture, as the adapter should yield them. */
export function parseCatalogueCsv(text: string): Offer[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const [header, ...rows] = lines;
  if (header !== 'fournisseur,service,saas,paas,caas,iaas,date_debut,date_fin,decision_link_text,decision_url,niveau_recommandation') {
    throw new Error(`unexpected header: ${header}`);
  }
  const typeColumns: ServiceType[] = ['SaaS', 'PaaS', 'CaaS', 'IaaS'];
  return rows.map((line) => {
    const f = splitCsvLine(line);
    if (f.length !== 11) throw new Error(`expected 11 fields, got ${f.length}: ${line}`);
    const at = (i: number) => f[i] ?? '';
    return {
      provider: at(0),
      service: at(1),
      types: sortTypes(typeColumns.filter((_, i) => at(2 + i).trim() === 'X')),
      qualifiedFrom: isoOrThrow(at(6)),
      qualifiedUntil: isoOrThrow(at(7)),
      decision: at(8),
      decisionUrl: at(9),
      recommendation: recommendationOf(at(10)),
      status: 'qualified',
    };
  });
}

/** The December 2025 edition of the catalogue: 16 real offers. */
export function catalogueSnapshot(): Snapshot {
  return {
    source: 'anssi-catalogue',
    edition: '2025-12-05',
    offers: parseCatalogueCsv(readFileSync(CATALOGUE_CSV, 'utf8')),
  };
}

/**
 * ANSSI certificate ids and how two of them relate (decision 0023).
 *
 * National scheme: `ANSSI-<scheme>-<year>-<number>` (`ANSSI-CC-2021-18`, `ANSSI-CSPN-2023-16`,
 * `ANSSI-CC-PP-2019-01`, `ANSSI-CC-SITE-2024-05`; older documents write `ANSSI-CC-2021/18`), then:
 * - `v2`, `v3`…: a new version of the certificate, issued for the product re-evaluated; it supersedes the first;
 * - `-R01`, `-R02`…: a reassessment (réévaluation), which renews the certificate with new dates;
 * - `-M01`…: a maintenance report (a minor change of the product, the assurance kept);
 * - `-S01`…: a surveillance report (the certificate confirmed, usually for smart cards).
 * Suffixes stack (`ANSSI-CC-2017-17v2-M01`). European scheme: `EUCC-<body>-<year>-<month>-<number>`.
 */

export interface CertificateId {
  /** Scheme, year and number, normalised: what stays the same across versions and suffixes. */
  family: string;
  version: number;
  /** Suffixes in printed order, normalised (`R01`, `M01`, `S02`). */
  suffixes: string[];
}

const NATIONAL = /^(ANSSI-(?:[A-Z]+-)*?)(\d{4})[-/_](\d{1,3})(?:-?V(\d+))?((?:-[MSR]\d{1,2})*)$/;
const EUCC = /^EUCC-[A-Z0-9]+-\d{4}-\d{2}-\d{1,3}$/;

/** Upper case, spaces dropped, `/` and `_` read as `-`. */
const fold = (id: string): string => id.toUpperCase().replace(/\s+/g, '').replace(/[/_]/g, '-');

/** Reads a certificate id, or undefined when it is not one ANSSI prints. */
export function parseCertificateId(id: string): CertificateId | undefined {
  const s = fold(id);
  if (EUCC.test(s)) return { family: s, version: 1, suffixes: [] };
  const m = NATIONAL.exec(s);
  if (!m) return undefined;
  const suffixes = (m[5] ?? '').split('-').filter(Boolean).map((x) => `${x[0]}${x.slice(1).padStart(2, '0')}`);
  return { family: `${m[1]}${m[2]}-${m[3]!.padStart(2, '0')}`, version: m[4] ? Number(m[4]) : 1, suffixes };
}

/** The family of a certificate id (the same certificate across versions and reports), or the folded id itself. */
export function certificateFamily(id: string): string {
  return parseCertificateId(id)?.family ?? fold(id);
}

/**
 * How the certificate printed in a later edition relates to the one printed before:
 * - `same`: the same id (after normalisation);
 * - `new-version`: the same family, another version (`-18` → `-18v2`): the product re-certified;
 * - `renewal`: the same version with one more reassessment (`-R01` → `-R02`): new dates;
 * - `update`: the same version, a maintenance or surveillance report more or less (`-M01`, `-S01`);
 * - `different`: another certificate.
 */
export type CertificateRelation = 'same' | 'new-version' | 'renewal' | 'update' | 'different';

export function certificateRelation(before: string, after: string): CertificateRelation {
  const a = parseCertificateId(before);
  const b = parseCertificateId(after);
  if (!a || !b) return fold(before) === fold(after) ? 'same' : 'different';
  if (a.family !== b.family) return 'different';
  if (a.version !== b.version) return 'new-version';
  if (a.suffixes.join('-') === b.suffixes.join('-')) return 'same';
  const reassessments = (c: CertificateId): number => c.suffixes.filter((x) => x.startsWith('R')).length;
  const lastR = (c: CertificateId): number => Math.max(0, ...c.suffixes.filter((x) => x.startsWith('R')).map((x) => Number(x.slice(1))));
  return reassessments(b) > reassessments(a) || lastR(b) > lastR(a) ? 'renewal' : 'update';
}

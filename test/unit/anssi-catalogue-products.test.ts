/**
 * The product lists of the real December 2025 catalogue (decision 0023): row counts as in the shared README,
 * every certificate with its three links as the link annotations hold them (another library's extraction,
 * test/fixtures/anssi-catalogue/product-links_2025-12-05.tsv), the 21 rows split across pages read whole, the
 * qualified products' categories, and a certificate printed on two rows.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Offer } from '../../src/core/offer.js';
import { parseCatalogueLists, PRODUCT_LIST_IDS } from '../../src/sources/anssi-catalogue/index.js';
import { realCatalogueBytes } from '../support/editions.js';

let lists: Record<string, Offer[]>;

beforeAll(async () => {
  lists = (await parseCatalogueLists(realCatalogueBytes(), PRODUCT_LIST_IDS)).lists as Record<string, Offer[]>;
});

/** certificate id → its certificate, report and security target URLs, from the link annotations. */
function certificateLinks(): Map<string, { certificat?: string; rapport?: string; cible?: string }> {
  const text = readFileSync(new URL('../fixtures/anssi-catalogue/product-links_2025-12-05.tsv', import.meta.url), 'utf8');
  const out = new Map<string, { certificat?: string; rapport?: string; cible?: string }>();
  for (const line of text.split('\n').slice(1).filter(Boolean)) {
    const uri = line.split('\t')[2]!;
    const m = /\/visas\/(.+)-(Certificat|Rapport|Cible)\.pdf$/i.exec(uri);
    if (!m) continue;
    const entry = out.get(m[1]!) ?? {};
    entry[m[2]!.toLowerCase() as 'certificat'] = uri;
    out.set(m[1]!, entry);
  }
  return out;
}

const certified = (): Offer[] => ['cc', 'cspn', 'protection-profiles', 'sites'].flatMap((id) => lists[id]!);

describe('the December 2025 product lists', () => {
  it.each([
    ['cc', 381],
    ['cspn', 39],
    ['qualified-products', 108],
    ['protection-profiles', 14],
    ['sites', 17],
  ])('%s: %i rows, each with its list, developer, product and start date', (id, count) => {
    const rows = lists[id]!;
    expect(rows).toHaveLength(count);
    for (const r of rows) {
      expect(r.list).toBe(id);
      expect(r.provider, JSON.stringify(r)).toMatch(/\S/);
      expect(r.service, JSON.stringify(r)).toMatch(/\S/);
      expect(r.qualifiedFrom, JSON.stringify(r)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.qualifiedUntil, JSON.stringify(r)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.types).toEqual([]);
    }
  });

  it('every certificate id of the link annotations, each with exactly its certificate, report and target URLs', () => {
    const links = certificateLinks();
    const rows = certified();
    expect(new Set(rows.map((r) => r.certificate))).toEqual(new Set(links.keys()));
    expect(links.size).toBe(448);
    for (const r of rows) {
      const want = links.get(r.certificate!)!;
      expect([r.certificateUrl, r.reportUrl, r.securityTargetUrl], r.certificate).toEqual([want.certificat, want.rapport, want.cible]);
    }
  });

  it('a certificate printed on two rows is two records (ANSSI-CC-2021-18v2, -19v2, -20v2)', () => {
    const twice = ['ANSSI-CC-2021-18v2', 'ANSSI-CC-2021-19v2', 'ANSSI-CC-2021-20v2'];
    for (const c of twice) expect(lists.cc!.filter((r) => r.certificate === c), c).toHaveLength(2);
    expect(lists.cc!.filter((r) => r.certificate === 'ANSSI-CC-2021-18v2').map((r) => r.service)).toEqual([
      'ChipDoc v3.1 on JCOP 4 P71 in ICAO BAC configuration',
      'ChipDoc v3.1 on JCOP 4 P71 in ICAO BAC configuration',
    ]);
  });

  it('a certified product keeps its printed columns: level, sponsor, CESTI, type, version apart', () => {
    expect(lists.cc![0]).toEqual({
      list: 'cc',
      provider: 'APPLE',
      service: 'Apple Pay on Mac mini with M1 and Magic keyboard with Touch ID',
      types: [],
      qualifiedFrom: '2023-03-27',
      qualifiedUntil: '2028-03-27',
      level: 'EAL2+',
      sponsor: 'APPLE',
      evaluationFacility: 'THALES',
      productType: 'Autres',
      certificate: 'ANSSI-CC-2023-19',
      certificateUrl: 'https://messervices.cyber.gouv.fr/visas/ANSSI-CC-2023-19-Certificat.pdf',
      reportUrl: 'https://messervices.cyber.gouv.fr/visas/ANSSI-CC-2023-19-Rapport.pdf',
      securityTargetUrl: 'https://messervices.cyber.gouv.fr/visas/ANSSI-CC-2023-19-Cible.pdf',
      status: 'qualified',
    });
    const trackwatch = lists.cspn!.find((r) => r.certificate === 'ANSSI-CSPN-2023-24')!;
    expect([trackwatch.provider, trackwatch.service, trackwatch.sponsor, trackwatch.evaluationFacility, trackwatch.productType]).toEqual([
      'GATEWATCHER',
      'Trackwatch 2.5.x',
      'GATEWATCHER',
      'LEXFO',
      'Détection d’intrusions',
    ]);
    const stream = lists.cspn!.find((r) => r.certificate === 'ANSSI-CSPN-2025-10')!;
    expect([stream.service, stream.version]).toEqual(['STREAM', '1.3.0']);
  });

  it('qualified products: a category from each sub-heading, the two empty ones without rows, a decision and a mark on each', () => {
    const rows = lists['qualified-products']!;
    const categories = [...new Set(rows.map((r) => r.category))];
    expect(categories).toEqual([
      'Chiffrement de fichiers et de disques',
      'Chiffreurs',
      "Contrôles d'accès physique",
      'Dispositifs de création de signature électronique',
      'IGC et cartes à puce',
      'Modules matériels de sécurité',
      "Moyens d'identification électronique",
      'Pare-feu',
      'Systèmes de détection',
      'Systèmes industriels',
      'TAP réseau',
      "Titres d'identité électronique",
      'Autres',
    ]);
    for (const r of rows) {
      expect(r.decisionUrl, r.decision).toMatch(new RegExp(`/visas/\\d{4}_${r.decision}_np\\.pdf$`));
      expect(r.recommendation, r.decision).toMatch(/^(optimal|moderate|critical)$/);
    }
    expect(rows.find((r) => r.decision === '1398')).toMatchObject({ provider: "Prim'X Technologies", service: 'Zed!', version: 'Q.2023.X X>=2', level: 'Standard', approval: 'DR', category: 'Chiffrement de fichiers et de disques' });
  });

  // The README's split rows: 17 in 2.1.1, two in 2.2, one in 4, one in 5 (developer, product, certificate or decision).
  const SPLIT: Array<[string, string, string, string]> = [
    ['cc', 'APPLE', 'Apple Pay onApple Watch with S9 référence Apple Watch Series 9', 'ANSSI-CC-2024-41'],
    ['cc', 'IDEMIA', 'IDmove V4 on Infineon BAC EAC EAC with PACE PACE', 'ANSSI-CC-2019-58-R01'],
    ['cc', 'IDEMIA', 'ComblCAO V3 on COSMO-X Platform', 'ANSSI-CC-2022-16-v2'],
    ['cc', 'IDEMIA', 'Plateforme ID- ONE Cosmo V9.2 masquée sur le composant IFX SLC52 reference 092915', 'ANSSI-CC-2020-07-R01'],
    ['cc', 'IDEMIA', 'IDMove v5 on SCR404U in PACE configuration and with AA and/or CA in option Security Target, reference FQR 110 A0BE', 'ANSSI-CC-2023-66'],
    ['cc', 'NUVOTON', 'NPCT7xx SPI/I2C Trusted Platform Module', 'ANSSI-CC-2022-28'],
    ['cc', 'NUVOTON', 'NPCT7xx SPI/I2C Trusted Platform Module Version 2.0 (TPM2.0) Revision 1.59 référence NPCT7xx SPI/I2C Trusted Platform Module Version 2.0 (TPM2.0) Revision 1.59 ; version The configuration version format ( X.Y.Z.W) is as follows : 1.1.3.3', 'ANSSI-CC-2025-12'],
    ['cc', 'NXP', 'NCJ38AC - P73 CL for Phantom', 'ANSSI-CC-2019-23-R01'],
    ['cc', 'NXP', 'ChipDoc v3.2 on JCOP 4 P71 in ICAO BAC configuration ( ASCII ) 43686970446F63 version 03020052 Card capabilities 00036FEF', 'ANSSI-CC-2025-02'],
    ['cc', "PRIM'X", 'ZED!', 'ANSSI-CC-2022-40'],
    ['cc', 'SAMSUNG', 'S3FT9FA 16-bit RISC Microcontroller', 'ANSSI-CC-2021-16-R02'],
    ['cc', 'SAMSUNG', 'S3NSEN6 32-bit RISC Microcontroller référence S3NSEN6', 'EUCC-3090-2025-10-04'],
    ['cc', 'STMicroelectronics', 'ASTIAM2 référence ST33G1M2A1', 'ANSSI-CC-2020-24-R02'],
    ['cc', 'STMicroelectronics', 'ST33J2M0 Platform ,référence ST33J2M0 Platform F02 version Maskset K500A Hardware revision H&I, Firmware3.25 ( on HW Rev H) & 3.3.0 ( on HW Rev H&I)', 'ANSSI-CC-2024-06-R01'],
    ['cc', 'STMicroelectronics', 'ASTIAM, référence ST33G1M2', 'ANSSI-CC-2023-70'],
    ['cc', 'THALES DIS', 'eTravel 2.5.A on MultiApp V5.0.A', 'ANSSI-CC-2022-56'],
    ['cc', 'THALES DIS', 'Plateforme JavaCard MultiApp v4.0.1 - Pace en configuration ouverte masquée sur le composant M7892 G12', 'ANSSI-CC-2017-76-S02'],
    ['qualified-products', 'Idemia France', 'IAS ECC V2 en configuration #2 sur la plateforme ID- One Cosmo V8.2', '4'],
    ['qualified-products', 'Idemia France', 'CombICAO Applet v3 on ID- One Cosmo X (EAC with PACE for French ID configuration)', '1497'],
    ['protection-profiles', 'TRUSTED COMPUTING GROUP', 'PC Client Specific TPM, TPM Library specification Family 2.0 level 0 revision 1.38', 'ANSSI-CC-PP-2020-01'],
    ['sites', 'PT UTAC Manufactoring Services Indonesia', 'UTAC lndonesia site (UlD)', 'ANSSI-CC-SITE-2025-05'],
  ];

  it.each(SPLIT)('%s: the row split across pages is read whole: %s, %s, %s', (id, provider, service, ref) => {
    const found = lists[id]!.filter((r) => (r.certificate ?? r.decision) === ref);
    expect(found, ref).toHaveLength(1);
    expect([found[0]!.provider, found[0]!.service]).toEqual([provider, service]);
    // Whole: every column either fragment could carry is there, links included.
    expect(found[0]!.qualifiedUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    if (id !== 'qualified-products') expect(found[0]!.securityTargetUrl).toMatch(new RegExp(`/visas/${ref}-Cible\\.pdf$`, 'i'));
  });
});

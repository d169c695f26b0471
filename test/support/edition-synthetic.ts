/**
 * Synthetic editions: catalogues drawn from data, each with another date, other footnote numbers,
 * other column positions and row spacing than the real December 2025 edition.
 */
import { CLOUD_INTRO, CLOUD_OUTRO, cloudRows, TYPE_BULLETS, WITHDRAWN_ROWS } from './edition-data.js';
import { cloudTable, pamsTable, passiTable, type CloudGeometry } from './edition-columns.js';
import { renderCatalogue, type Block, type CatalogueSpec } from './edition-render.js';
import { editionOf, offerOf, type Edition } from './edition-types.js';

/**
 * January 2026: narrow provider and service columns, so "Orange Business Services" and many service
 * names wrap; type columns ~30 pt LEFT of the real ones (a constant-x parser puts SaaS marks under PaaS).
 * Leading 7.2 = 1.2 × 6 pt, the usual default (the real edition: 8.3): the two lines of a two-line cell
 * sit exactly 3.6 pt (0.6 × font size) above and below the row's middle line. Deliberate.
 */
const NARROW: CloudGeometry = { x0: 56.8, provider: 60, service: 82, type: 27, start: 52, end: 52, decision: 62, level: 65.7, lineHeight: 7.2, padY: 8 };
/** March 2026: wide columns, table shifted left, type columns ~10 pt RIGHT of the real ones, loose rows. */
const WIDE: CloudGeometry = { x0: 50, provider: 95, service: 92, type: 30, start: 50, end: 50, decision: 44, level: 37.5, lineHeight: 7.8, padY: 8.5 };
/**
 * April 2026: a service column so narrow that the Cloud Temple row wraps over FIVE lines (one more than
 * any real edition so far) and a line starts with "- Secured IaaS"; 25 pt type columns.
 */
const MEDIUM: CloudGeometry = { x0: 60, provider: 72, service: 76, type: 25, start: 56, end: 56, decision: 52, level: 66.5, lineHeight: 6.9, padY: 8 };

const h = (level: 1 | 2 | 3, number: string, title: string, newPage = false): Block => ({ kind: 'heading', level, number, title, newPage });
const p = (text: string): Block => ({ kind: 'paragraph', text });

function frontMatter(): Block[] {
  return [
    h(1, '1', 'Avant-propos', true),
    p('Le catalogue est mis à jour au moins une fois par mois. Il référence les produits et les services qualifiés par l’ANSSI.'),
    // A body mention of the cloud section: a text search for "SecNumCloud" must not start here.
    p("Les services d'informatique en nuage qualifiés selon le référentiel SecNumCloud sont listés dans la partie « Services » ci-après."),
    h(1, '3', 'Services', true),
    h(2, '3.1', 'Services de cybersécurité'),
    h(3, '3.1.2', "Audit de la sécurité des systèmes d'information (PASSI)"),
    p("Les prestataires d'audit de la sécurité des systèmes d'information sont qualifiés au titre de l'article 14 du décret n°2015-350."),
    { kind: 'table', table: passiTable() },
    { kind: 'rotated', text: 'Liste établie à titre informatif' },
  ];
}

/** Section heading, intro, the four type bullets with their footnotes numbered from `firstNote`. */
function cloudIntro(number: string, firstNote: number): Block[] {
  return [
    h(2, number, "Services d'informatique en nuage (SecNumCloud)", true),
    ...CLOUD_INTRO.map(p),
    {
      kind: 'bullets',
      items: TYPE_BULLETS.map((b, i) => ({ label: b.label, text: b.text, note: { marker: String(firstNote + i), text: b.note } })),
    },
    p(CLOUD_OUTRO),
  ];
}

function backMatter(pamsNumber: string): Block[] {
  return [
    h(2, pamsNumber, "Services d'infogérance", true),
    p("Les prestataires d'administration et de maintenance sécurisées (PAMS) assurent l'infogérance des systèmes d'information."),
    { kind: 'table', table: pamsTable() },
    h(1, '4', 'Les profils de protection', true),
    p('Les profils de protection certifiés sont listés ci-dessous.'),
  ];
}

interface SyntheticPlan {
  spec: CatalogueSpec;
  expected: Edition['expected'];
}

/** 05/01/2026: 3.3 over two pages, footnotes 21–24 and 25 ("Cloud Avenue SecNum25"). */
function january(outline: boolean): SyntheticPlan {
  const rows = cloudRows('25');
  const blocks = [
    ...frontMatter(),
    ...cloudIntro('3.3', 21),
    { kind: 'table', table: cloudTable(NARROW, rows, 'qualified', 'Whaller'), minPages: 2 } as const,
    ...backMatter('3.4'),
  ];
  return {
    spec: { month: 'JANVIER 2026', updatedOn: '05/01/2026', updatedAt: '09:41:07', outline, blocks },
    expected: { edition: editionOf('05/01/2026'), offers: rows.map(offerOf) },
  };
}

/**
 * 02/03/2026: section 3.3 split into sub-sections. What ANSSI would plausibly do: keep the qualified
 * table under "3.3.1. Services qualifiés", and list services whose qualification was withdrawn under
 * "3.3.2. Services dont la qualification a été retirée", in a look-alike table (same X-per-type
 * columns, a withdrawal date instead of the end date, no recommendation level). Those services are not
 * qualified any more, so they are NOT offers: the expected output is the 3.3.1 table alone. The 3.3.1
 * table ends on the page where 3.3.2 starts, so the parser must stop at the sub-section heading.
 */
function march(): SyntheticPlan {
  const rows = cloudRows('12');
  const blocks: Block[] = [
    ...frontMatter(),
    ...cloudIntro('3.3', 8),
    h(3, '3.3.1', 'Services qualifiés'),
    p('Les services suivants sont qualifiés.'),
    { kind: 'table', table: cloudTable(WIDE, rows, 'qualified'), minPages: 2 },
    h(3, '3.3.2', 'Services dont la qualification a été retirée'),
    p('Les services suivants ne sont plus qualifiés. Ils sont mentionnés pour information.'),
    { kind: 'table', table: cloudTable(WIDE, WITHDRAWN_ROWS, 'withdrawn') },
    ...backMatter('3.4'),
  ];
  return {
    spec: { month: 'MARS 2026', updatedOn: '02/03/2026', updatedAt: '17:55:12', outline: true, blocks },
    expected: { edition: editionOf('02/03/2026'), offers: rows.map(offerOf) },
  };
}

/** 07/04/2026: a new 3.3 (with its own look-alike table) pushes the cloud section to 3.4. */
function april(): SyntheticPlan {
  const rows = cloudRows('34');
  const archive = cloudTable(MEDIUM, WITHDRAWN_ROWS, 'qualified');
  archive.columns = archive.columns.filter((_, i) => i < 2 || i > 5);
  archive.rows = archive.rows.map((r) => r.filter((_, i) => i < 2 || i > 5));
  const blocks: Block[] = [
    ...frontMatter(),
    h(2, '3.3', 'Services d’archivage électronique', true),
    p("Les prestataires d'archivage électronique sont qualifiés au titre de l'article 14 du décret n°2015-350."),
    { kind: 'table', table: archive },
    ...cloudIntro('3.4', 30),
    { kind: 'table', table: cloudTable(MEDIUM, rows, 'qualified'), minPages: 2 },
    ...backMatter('3.5'),
  ];
  return {
    spec: { month: 'AVRIL 2026', updatedOn: '07/04/2026', updatedAt: '11:02:45', outline: true, blocks },
    expected: { edition: editionOf('07/04/2026'), offers: rows.map(offerOf) },
  };
}

export const SYNTHETIC_PLANS = {
  syntheticOutline: () => january(true),
  syntheticNoOutline: () => january(false),
  syntheticSubsections: march,
  syntheticRenumbered: april,
} as const;

export type SyntheticName = keyof typeof SYNTHETIC_PLANS;

export async function buildSynthetic(name: SyntheticName): Promise<Edition> {
  const plan = SYNTHETIC_PLANS[name]();
  return { name, bytes: await renderCatalogue(plan.spec), expected: plan.expected };
}

/** The January catalogue without its section 3.3 (nor its outline entry): no table to read. */
export async function catalogueWithoutCloudSection(): Promise<Uint8Array> {
  const { spec } = january(true);
  let inCloud = false;
  const blocks = spec.blocks.filter((b) => {
    if (b.kind === 'heading' && b.level <= 2) inCloud = b.number === '3.3';
    return !inCloud;
  });
  return renderCatalogue({ ...spec, blocks });
}

/**
 * Editions of the ANSSI catalogue for parser tests, built in memory (and cached in this module):
 *
 * - `real`: the December 2025 PDF as published (section 3.3 on page 62 of 68).
 * - `movedSection`: the real PDF with 3 pages inserted before 3.3 (now page 65); the outline still points at it.
 * - `grown300`: the real PDF grown to 300 pages with copies of other pages before 3.3 and after 3.4.
 * - `syntheticOutline`: drawn from data (05/01/2026), narrow columns shifted ~30 pt left, table over two pages.
 * - `syntheticNoOutline`: the same pages without an outline: the section must be found by its heading text.
 * - `syntheticSubsections`: 3.3.1 qualified services + 3.3.2 withdrawn services (a look-alike table, not offers).
 * - `syntheticRenumbered`: the cloud section is 3.4 this time, after a new 3.3 with its own table.
 *
 * Each comes with `expected`: the edition date and the exact offers, in table order.
 * `notCatalogues` are inputs that must be rejected with a CatalogueFormatError.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { grown300, movedSection, realEdition } from './edition-real.js';
import { buildNotCatalogues } from './edition-invalid.js';
import { buildSynthetic, type SyntheticName } from './edition-synthetic.js';
import type { Edition, NotCatalogue } from './edition-types.js';

export type { Edition, ExpectedSnapshot, NotCatalogue } from './edition-types.js';
export { renderCatalogue, type CatalogueSpec } from './edition-render.js';
export { GROWN_PAGES, MOVED_SECTION_INSERTED, REAL, realCatalogueBytes } from './edition-real.js';

const BUILDERS = {
  real: async () => realEdition(),
  movedSection,
  grown300,
  syntheticOutline: () => buildSynthetic('syntheticOutline'),
  syntheticNoOutline: () => buildSynthetic('syntheticNoOutline'),
  syntheticSubsections: () => buildSynthetic('syntheticSubsections'),
  syntheticRenumbered: () => buildSynthetic('syntheticRenumbered'),
} satisfies Record<string, () => Promise<Edition>> & Record<SyntheticName, () => Promise<Edition>>;

export type EditionName = keyof typeof BUILDERS;
export const EDITION_NAMES = Object.keys(BUILDERS) as EditionName[];

const cache = new Map<EditionName, Promise<Edition>>();

/** Builds (once per process) and returns an edition. Treat `bytes` as read-only: copy before handing it to pdfjs. */
export function getEdition(name: EditionName): Promise<Edition> {
  let built = cache.get(name);
  if (!built) {
    built = BUILDERS[name]();
    cache.set(name, built);
  }
  return built;
}

export function allEditions(): Promise<Edition[]> {
  return Promise.all(EDITION_NAMES.map(getEdition));
}

/** Writes `<dir>/<name>.pdf` (for the benchmark, or to look at it) and returns its path. */
export async function writeEdition(name: EditionName, dir: string): Promise<string> {
  const { bytes } = await getEdition(name);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

/** Unrelated PDF, truncated real PDF, HTML page, empty file, catalogue without section 3.3. */
export const notCatalogues: NotCatalogue[] = await buildNotCatalogues();

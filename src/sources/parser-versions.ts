/**
 * The version of each kind's reading of a document, stored with the document's validators. A stored document read
 * by another version is fetched and read again even when unchanged, so a new list or field appears at once (as a
 * silent baseline) rather than at the source's next edition. Bump a kind's version when its records change for
 * the same bytes: a new list, a new field, a name read differently.
 */
const PARSER_VERSIONS: Readonly<Record<string, string>> = {
  // 2: every service list, each with its recommendation level (issues 19 and 20).
  // 3: the product lists followed by default, and the product snapshots' annex of archived certificates (0025).
  'anssi-catalogue': '3',
  'anssi-page': '1',
};

/** The version of a kind's parser ('1' for a kind that never changed its records). */
export const parserVersion = (kind: string): string => PARSER_VERSIONS[kind] ?? '1';

/**
 * List records (no service, `types: []`, the lists' own fields) pass the guard's row checks and the OpenAPI
 * schema of an offer; a SecNumCloud row without a service still holds the snapshot.
 */
import { describe, expect, it } from 'vitest';
import { assessSnapshot, DEFAULT_GUARD } from '../../src/core/guard.js';
import { toApiOffer } from '../../src/web/api-records.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { listCsvRecords } from '../support/list-csv.js';
import { openApiSchemas } from '../support/openapi-schemas.js';

const passi = listCsvRecords('passi');

describe('records of a list without service names', () => {
  it('the guard trusts a PASSI snapshot: no service is not a blank name there', () => {
    expect(assessSnapshot(undefined, { source: 'anssi-catalogue', list: 'passi', edition: '2025-12-05', offers: passi }, DEFAULT_GUARD)).toEqual({ trusted: true });
  });

  it('a SecNumCloud row without a service is still held as a blank name', () => {
    const base = catalogueSnapshot();
    const { service: _, ...nameless } = base.offers[0]!;
    const verdict = assessSnapshot(base, { ...base, offers: [nameless, ...base.offers.slice(1)] }, DEFAULT_GUARD);
    expect(verdict.trusted ? [] : verdict.reasons).toEqual(['Cegedim / (blank) has a blank name']);
  });

  it('the API schema accepts list records and SecNumCloud records with a recommendation', () => {
    const { errorsOf } = openApiSchemas();
    for (const o of [...passi, ...listCsvRecords('pams'), ...catalogueSnapshot().offers]) {
      const api = toApiOffer(o);
      expect(errorsOf('Offer', api), `${o.provider} ${o.decision}`).toEqual([]);
    }
    expect(toApiOffer(passi[0]!)).toEqual(passi[0]);
  });
});

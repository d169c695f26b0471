import { describe, expect, it } from 'vitest';
import { closestNames, exactProvider, findProvider, levenshtein, providerList } from '../../src/commands/providers.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { IN_PROGRESS } from '../support/fake-command-deps.js';

const names = providerList([...catalogueSnapshot().offers, ...IN_PROGRESS]);

describe('provider matching', () => {
  it('lists each provider once, alphabetically, case and accents ignored', () => {
    expect(names).toEqual([
      'Cegedim', 'Cloud Temple', 'Index Education', 'NumSpot', 'Oodrive', 'Orange Business Services', 'Outscale', 'OVH', 'S3NS', 'Whaller', 'Worldline',
    ]);
  });

  it('finds a name by its normalised or compact form, or an alias of the press', () => {
    expect(exactProvider('cloud temple', names)).toBe('Cloud Temple');
    expect(exactProvider('CloudTemple', names)).toBe('Cloud Temple');
    expect(exactProvider('OVHcloud', names)).toBe('OVH');
    expect(exactProvider('Num Spot', names)).toBe('NumSpot');
    expect(exactProvider('Cloud', names)).toBeUndefined();
  });

  it('falls back to a unique prefix, then a unique substring', () => {
    expect(findProvider('Cloud Temp', names)).toEqual({ kind: 'found', name: 'Cloud Temple' });
    expect(findProvider('orange', names)).toEqual({ kind: 'found', name: 'Orange Business Services' });
    expect(findProvider('temple', names)).toEqual({ kind: 'found', name: 'Cloud Temple' });
    expect(findProvider('Ou', names)).toEqual({ kind: 'found', name: 'Outscale' });
    expect(findProvider('w', names)).toEqual({ kind: 'ambiguous', candidates: ['Whaller', 'Worldline'] });
  });

  it('proposes close names for a misspelling and none for an unrelated name', () => {
    expect(findProvider('Clod Tempel', names)).toEqual({ kind: 'none', suggestions: ['Cloud Temple'] });
    expect(closestNames('NumSpott', names)).toEqual(['NumSpot']);
    expect(closestNames('Amazon', names)).toEqual([]);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
  });
});

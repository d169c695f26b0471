import { describe, expect, it } from 'vitest';
import { failureKind, listState, sourceState, type SourceStateInput } from '../../src/core/source-state.js';

const NOW = new Date('2026-11-28T09:00:00Z');
const HOUR = 3_600_000;
const base: SourceStateInput = { enabled: true, intervalMs: 6 * HOUR, failures: 0, held: false };
const state = (over: Partial<SourceStateInput>, failingAfter = 3) => sourceState({ ...base, ...over }, NOW, failingAfter);

describe('the one model of a source state', () => {
  it('is never before any success, working after one within two intervals, overdue after', () => {
    expect(state({}).state).toBe('never');
    expect(state({ lastSuccessAt: '2026-11-28T03:00:00Z' })).toEqual({ state: 'working', held: false, lastSuccessAt: '2026-11-28T03:00:00Z', secondsSinceSuccess: 6 * 3600 });
    expect(state({ lastSuccessAt: '2026-11-27T20:59:00Z' }).state).toBe('overdue');
  });

  it('is failing from the first failed check (retries exhausted), whatever FAILING_AFTER says; FAILING_AFTER only says when the operators were told', () => {
    const once = state({ lastSuccessAt: '2026-11-28T03:00:00Z', failures: 1, failingSince: '2026-11-28T08:00:00Z', lastError: 'GET https://x/?key=s3cr3t: HTTP 503' });
    expect(once).toMatchObject({ state: 'failing', failure: { since: '2026-11-28T08:00:00Z', count: 1, kind: 'http', httpStatus: 503, alerted: false } });
    expect(state({ failures: 3, lastError: 'GET https://x/: timed out after 60000 ms' }).failure).toMatchObject({ count: 3, kind: 'timeout', alerted: true });
    // A source whose only check failed is failing, not never: the public must not read "working" or "not read yet" alone.
    expect(state({ failures: 1, lastError: 'not the ANSSI catalogue' }).state).toBe('failing');
  });

  it('is held when a document waits (failing wins: the last check failed), and disabled above all', () => {
    expect(state({ lastSuccessAt: '2026-11-28T08:00:00Z', held: true }).state).toBe('held');
    expect(state({ held: true, failures: 1 })).toMatchObject({ state: 'failing', held: true });
    expect(state({ enabled: false, failures: 5, held: true })).toMatchObject({ state: 'disabled', held: true });
  });

  it('names the kind of a failure from the stored text, never keeping the text', () => {
    expect(failureKind('GET https://feeds.example/x.xml?key=s3cr3t: HTTP 503')).toEqual({ kind: 'http', httpStatus: 503 });
    expect(failureKind('GET http://10.0.0.5/a.pdf: timed out after 60000 ms')).toEqual({ kind: 'timeout' });
    expect(failureKind('GET http://intranet.local/a.pdf: connect ECONNREFUSED 10.0.0.5:443')).toEqual({ kind: 'unreachable' });
    expect(failureKind('not the ANSSI catalogue: no section 3.3 "SecNumCloud"')).toEqual({ kind: 'document' });
    expect(failureKind('GET http://x/: something else')).toEqual({ kind: 'other' });
  });

  it('gives a list the most telling state of its enabled sources, disabled when none is enabled', () => {
    expect(listState([]).state).toBe('disabled');
    expect(listState([state({ enabled: false })]).state).toBe('disabled');
    const working = state({ lastSuccessAt: '2026-11-28T08:00:00Z' });
    expect(listState([working, state({ failures: 1 }), state({ enabled: false })]).state).toBe('failing');
    expect(listState([working, state({})]).state).toBe('never');
    expect(listState([working]).state).toBe('working');
  });
});

import { describe, expect, it } from 'vitest';
import { drainBackoff } from '../../workers/fanout.worker.js';

describe('drain retry backoff', () => {
  it('doubles from 1 s and never waits more than a minute, whatever the attempt', () => {
    const max = (n: number): number => drainBackoff(n, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7].map(max)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000]);
    expect(max(40)).toBe(60_000);
  });

  it('runs as much faster as the emulators\' clock (DELIVERY_RATE_SCALE), 1 in production', () => {
    expect([1, 4, 7].map((n) => drainBackoff(n, () => 1, 50))).toEqual([20, 160, 1_200]);
    expect(drainBackoff(4, () => 1, 1)).toBe(drainBackoff(4, () => 1));
  });

  it('spreads retries between half and all of the ceiling', () => {
    expect(drainBackoff(3, () => 0)).toBe(2_000);
    for (let i = 0; i < 100; i++) {
      const v = drainBackoff(5);
      expect(v).toBeGreaterThanOrEqual(8_000);
      expect(v).toBeLessThanOrEqual(16_000);
    }
  });
});

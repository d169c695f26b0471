/** Small statistics for the fan-out benchmark: medians, quantiles, the rate over the steady part of a run. */

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** Linear-interpolated quantile (q in [0, 1]); NaN for an empty list. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** A rate over the steady part of a run of accepted messages. */
export interface SteadyRate {
  /** Messages in the whole run. */
  total: number;
  /** Messages per second between the `from` and `to` quantiles of the messages (by count). */
  rate: number;
  /** Median of the per-second counts over the same window (whole seconds only). */
  medianPerSecond: number;
  /** The window, in ms since the run's start. */
  fromMs: number;
  toMs: number;
}

/**
 * The rate between the message at quantile `from` and the one at `to` of a run (by count, not time): what the
 * run sustained once ramped up and before its tail, when few channels are left. Times are epoch ms; `start`
 * is the run's origin (the first XADD). Undefined with fewer than 20 messages.
 */
export function steadyRate(times: readonly number[], start: number, from = 0.1, to = 0.9): SteadyRate | undefined {
  if (times.length < 20) return undefined;
  const t = [...times].sort((a, b) => a - b);
  const i = Math.floor((t.length - 1) * from);
  const j = Math.floor((t.length - 1) * to);
  const spanMs = t[j]! - t[i]!;
  if (spanMs <= 0) return undefined;
  const bins: number[] = [];
  for (let s = t[i]!; s + 1000 <= t[j]!; s += 1000) bins.push(t.filter((x) => x >= s && x < s + 1000).length);
  return {
    total: t.length,
    rate: ((j - i) * 1000) / spanMs,
    medianPerSecond: bins.length > 0 ? median(bins) : Number.NaN,
    fromMs: t[i]! - start,
    toMs: t[j]! - start,
  };
}

export const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '—');

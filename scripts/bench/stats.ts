// Small numeric helpers: the bench reports medians because a single run on a shared 2-core
// machine is too noisy, and the median ignores one slow or fast outlier without hiding a trend.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** 12345.6 -> "12,346": rates are compared by eye, so no decimals and thousands separators. */
export const formatRate = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—');

export const formatRatio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '—');

export const formatSeconds = (seconds: number): string => `${seconds.toFixed(1)} s`;

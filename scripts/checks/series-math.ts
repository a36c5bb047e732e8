import type { Series } from './verdict';

/** The sum of a series' values (missing counts as zero). */
export function total(series: Series): number {
  return series.values.reduce<number>((acc, v) => acc + (v ?? 0), 0);
}

/** The largest value, or undefined when the series has no datapoint. */
export function peak(series: Series): number | undefined {
  const present = series.values.filter((v): v is number => v !== null);
  return present.length > 0 ? Math.max(...present) : undefined;
}

/** The sum over all minutes but the newest `minutes` (work still in flight). */
export function totalExceptNewest(series: Series, minutes: number): number {
  return series.values
    .slice(0, Math.max(0, series.values.length - minutes))
    .reduce<number>((acc, v) => acc + (v ?? 0), 0);
}

/**
 * The newest `count` datapoints the series has, wherever they fall in the window: a gauge such
 * as IteratorAge stops reporting when traffic stops, and its last values still describe how
 * the consumer was doing.
 */
export function newestPresent(series: Series, count: number): number[] {
  return series.values.filter((v): v is number => v !== null).slice(-count);
}

/** Index of the first minute with a non-zero value, or -1. */
export function firstActiveMinute(series: Series): number {
  return series.values.findIndex((v) => (v ?? 0) > 0);
}

/** Index of the last minute with a non-zero value, or -1. */
export function lastActiveMinute(series: Series): number {
  for (let i = series.values.length - 1; i >= 0; i--) if ((series.values[i] ?? 0) > 0) return i;
  return -1;
}

/** Formats a number for a sentence: integers plainly, others to 1 decimal, with separators. */
export function fmt(n: number | undefined): string {
  if (n === undefined) return 'no data';
  return Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

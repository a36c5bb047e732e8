/**
 * Statistic sets and the statistics CloudWatch computes from them.
 *
 * The store keeps, per metric, per unit and per second (high resolution) or minute (standard),
 * one Aggregate: sample count, sum, minimum, maximum, and a value histogram for percentiles.
 * Raw observations are never kept. The histogram is exact up to `exactValueLimit` distinct values
 * per bucket; past that, values are keyed to 3 significant digits (within 0.5%). A bucket that
 * received a statistic set (PutMetricData StatisticValues) or a negative value has no histogram,
 * and percentiles over it are unavailable, as on AWS ("Percentile statistics are not available
 * for metrics when any of the metric values are negative numbers" / published as statistic sets).
 */

/** One bucket's statistic set. */
export interface Aggregate {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** value -> occurrences; null once percentiles became unavailable. */
  values: Map<number, number> | null;
  /** Whether `values` keys are rounded to 3 significant digits. */
  rounded: boolean;
}

const exactValueLimit = 1000;

export function emptyAggregate(): Aggregate {
  return {
    count: 0,
    sum: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    values: new Map(),
    rounded: false,
  };
}

function roundKey(v: number): number {
  return Number(v.toPrecision(3));
}

function addToHistogram(agg: Aggregate, value: number, count: number): void {
  if (!agg.values) return;
  if (value < 0) {
    agg.values = null;
    return;
  }
  const key = agg.rounded ? roundKey(value) : value;
  agg.values.set(key, (agg.values.get(key) ?? 0) + count);
  if (!agg.rounded && agg.values.size > exactValueLimit) {
    const rounded = new Map<number, number>();
    for (const [v, n] of agg.values) {
      const k = roundKey(v);
      rounded.set(k, (rounded.get(k) ?? 0) + n);
    }
    agg.values = rounded;
    agg.rounded = true;
  }
}

/** Adds `count` observations of `value`. */
export function addValue(agg: Aggregate, value: number, count = 1): void {
  if (count <= 0) return;
  agg.count += count;
  agg.sum += value * count;
  if (value < agg.min) agg.min = value;
  if (value > agg.max) agg.max = value;
  addToHistogram(agg, value, count);
}

/** A pre-aggregated statistic set, as PutMetricData StatisticValues carries it. */
export interface StatisticSet {
  SampleCount: number;
  Sum: number;
  Minimum: number;
  Maximum: number;
}

export function addStatisticSet(agg: Aggregate, set: StatisticSet): void {
  agg.count += set.SampleCount;
  agg.sum += set.Sum;
  if (set.Minimum < agg.min) agg.min = set.Minimum;
  if (set.Maximum > agg.max) agg.max = set.Maximum;
  agg.values = null;
}

/** Folds `from` into `into`. */
export function mergeAggregate(into: Aggregate, from: Aggregate): void {
  into.count += from.count;
  into.sum += from.sum;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
  if (!from.values) {
    into.values = null;
    return;
  }
  if (!into.values) return;
  if (from.rounded && !into.rounded) {
    const rounded = new Map<number, number>();
    for (const [v, n] of into.values) {
      const k = roundKey(v);
      rounded.set(k, (rounded.get(k) ?? 0) + n);
    }
    into.values = rounded;
    into.rounded = true;
  }
  for (const [v, n] of from.values) addToHistogram(into, v, n);
}

export const standardStatistics = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type StandardStatistic = (typeof standardStatistics)[number];

/** A statistic the emulator computes: one of the five, or a percentile `pNN` / `pNN.NN`. */
export type Statistic =
  | { kind: 'standard'; name: StandardStatistic }
  | { kind: 'percentile'; p: number };

const percentilePattern = /^p(\d{1,2}(\.\d{1,10})?|100(\.0{1,10})?)$/;

/** Parses `Sum`, `p99`, `p99.9` ...; undefined for anything else. */
export function parseStatistic(stat: string): Statistic | undefined {
  if ((standardStatistics as readonly string[]).includes(stat)) {
    return { kind: 'standard', name: stat as StandardStatistic };
  }
  if (percentilePattern.test(stat)) return { kind: 'percentile', p: Number(stat.slice(1)) };
  return undefined;
}

/** Whether `stat` is one of CloudWatch's extended statistics the emulator does not compute. */
export function isOtherExtendedStatistic(stat: string): boolean {
  return /^(tm|wm|tc|ts|TM|WM|TC|TS|PR|IQM)/.test(stat);
}

/** The value of `stat` for `agg`, or undefined when it cannot be computed (no data, no histogram). */
export function computeStatistic(agg: Aggregate, stat: Statistic): number | undefined {
  if (agg.count <= 0) return undefined;
  if (stat.kind === 'standard') {
    switch (stat.name) {
      case 'SampleCount':
        return agg.count;
      case 'Sum':
        return agg.sum;
      case 'Average':
        return agg.sum / agg.count;
      case 'Minimum':
        return agg.min;
      case 'Maximum':
        return agg.max;
    }
  }
  if (!agg.values) return undefined;
  if (stat.p <= 0) return agg.min;
  if (stat.p >= 100) return agg.max;
  // Nearest rank over the histogram.
  const keys = [...agg.values.keys()].sort((a, b) => a - b);
  let total = 0;
  for (const k of keys) total += agg.values.get(k) ?? 0;
  const rank = Math.max(1, Math.ceil((stat.p / 100) * total));
  let seen = 0;
  for (const k of keys) {
    seen += agg.values.get(k) ?? 0;
    if (seen >= rank) return Math.min(Math.max(k, agg.min), agg.max);
  }
  return agg.max;
}

/** CloudWatch's StandardUnit enum, in the SDK model's order. */
export const standardUnits = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;

export function isStandardUnit(unit: string): boolean {
  return (standardUnits as readonly string[]).includes(unit);
}

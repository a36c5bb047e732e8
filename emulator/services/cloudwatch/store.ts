import type { EmulatorClock } from '../../core/clock';
import type { MetricDatum, MetricSink } from '../../core/metric-sink';
import { quotas } from '../../core/quotas';
import type { MetricAlarm } from './alarms';
import { type Aggregate, addValue, emptyAggregate, mergeAggregate } from './statistics';

/** A CloudWatch dimension, as the API carries it. */
export interface Dimension {
  Name: string;
  Value: string;
}

/** What identifies a metric: namespace, name and the full dimension set (sorted by name). */
export interface MetricIdentity {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

/** One unit's data for a metric: per-second buckets (high resolution) and per-minute buckets. */
interface UnitSeries {
  /** Bucket start (ms, minute-aligned) -> statistic set of standard-resolution data. */
  minutes: Map<number, Aggregate>;
  /** Bucket start (ms, second-aligned) -> statistic set of high-resolution data (kept 3 h). */
  seconds: Map<number, Aggregate>;
}

/** A stored metric. */
export interface Series extends MetricIdentity {
  key: string;
  units: Map<string, UnitSeries>;
  /** Emulator time of the last datum received (ListMetrics RecentlyActive). */
  lastReceived: number;
}

/** One aggregated period of a query. */
export interface Bucket {
  /** Period start, ms. */
  start: number;
  unit: string;
  aggregate: Aggregate;
}

export interface BucketQuery {
  /** Inclusive, ms, already aligned by the caller. */
  startMs: number;
  /** Exclusive, ms. */
  endMs: number;
  periodSec: number;
  /** Only data published with this unit. */
  unit?: string;
  /** Keep units apart (GetMetricStatistics) or merge them (GetMetricData, alarms). */
  perUnit: boolean;
}

export interface CloudWatchStoreOptions {
  /** How long minute data is kept. @default quotas.cloudWatchStandardRetentionMs */
  retentionMs?: number;
  /** How long second data is kept before it is rolled into minutes. @default 3 h */
  highResolutionRetentionMs?: number;
}

/** Sorts dimensions by name, the canonical order the store keys on. */
export function canonicalDimensions(dimensions: readonly Dimension[]): Dimension[] {
  return [...dimensions]
    .map((d) => ({ Name: d.Name, Value: d.Value }))
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

export function metricKey(
  namespace: string,
  metricName: string,
  dims: readonly Dimension[]
): string {
  return JSON.stringify([namespace, metricName, dims.map((d) => [d.Name, d.Value])]);
}

/**
 * The metrics and alarms of one emulated account/region. It is the MetricSink every other
 * service records AWS metrics into, and what PutMetricData and EMF extraction write to.
 * Memory is bounded by retention: minute buckets older than 15 days (emulator clock) are
 * dropped, second buckets older than 3 hours are rolled into minutes.
 */
export class CloudWatchStore implements MetricSink {
  readonly alarms = new Map<string, MetricAlarm>();
  private readonly metrics = new Map<string, Series>();
  private readonly retentionMs: number;
  private readonly highResolutionRetentionMs: number;
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(
    readonly clock: EmulatorClock,
    options: CloudWatchStoreOptions = {}
  ) {
    this.retentionMs = options.retentionMs ?? quotas.cloudWatchStandardRetentionMs.value;
    this.highResolutionRetentionMs =
      options.highResolutionRetentionMs ?? quotas.cloudWatchHighResolutionRetentionMs.value;
  }

  /** MetricSink: one observation from an AWS service or an EMF line. */
  record(datum: MetricDatum): void {
    const dims = Object.entries(datum.dimensions).map(([Name, Value]) => ({ Name, Value }));
    this.observe(
      { namespace: datum.namespace, metricName: datum.metricName, dimensions: dims },
      datum.unit || 'None',
      datum.timestamp,
      datum.storageResolution === 1 ? 1 : 60,
      (agg) => addValue(agg, datum.value)
    );
  }

  /** Adds data to the bucket `timestampMs` falls in; `apply` updates the bucket's statistic set. */
  observe(
    identity: MetricIdentity,
    unit: string,
    timestampMs: number,
    storageResolution: 1 | 60,
    apply: (agg: Aggregate) => void
  ): void {
    const dims = canonicalDimensions(identity.dimensions);
    const key = metricKey(identity.namespace, identity.metricName, dims);
    let series = this.metrics.get(key);
    if (!series) {
      series = {
        key,
        namespace: identity.namespace,
        metricName: identity.metricName,
        dimensions: dims,
        units: new Map(),
        lastReceived: 0,
      };
      this.metrics.set(key, series);
    }
    series.lastReceived = this.clock.now();
    let unitSeries = series.units.get(unit);
    if (!unitSeries) {
      unitSeries = { minutes: new Map(), seconds: new Map() };
      series.units.set(unit, unitSeries);
    }
    const map = storageResolution === 1 ? unitSeries.seconds : unitSeries.minutes;
    const size = storageResolution === 1 ? 1000 : 60_000;
    const bucketStart = Math.floor(timestampMs / size) * size;
    let agg = map.get(bucketStart);
    if (!agg) {
      agg = emptyAggregate();
      map.set(bucketStart, agg);
    }
    apply(agg);
    this.maybePrune();
  }

  /** The stored metric with exactly this namespace, name and dimension set. */
  get(namespace: string, metricName: string, dimensions: readonly Dimension[]): Series | undefined {
    this.maybePrune();
    return this.metrics.get(metricKey(namespace, metricName, canonicalDimensions(dimensions)));
  }

  /** Every stored metric, oldest first. */
  all(): Series[] {
    this.maybePrune();
    return [...this.metrics.values()];
  }

  /**
   * Aggregates a metric over periods `startMs + k * period` (k >= 0) before `endMs`. Only periods
   * with data are returned (CloudWatch returns no datapoint for a period without data).
   */
  buckets(series: Series, query: BucketQuery): Bucket[] {
    const periodMs = query.periodSec * 1000;
    const out = new Map<string, Bucket>();
    for (const [unit, unitSeries] of series.units) {
      if (query.unit !== undefined && unit !== query.unit) continue;
      for (const map of [unitSeries.minutes, unitSeries.seconds]) {
        for (const [t, agg] of map) {
          if (t < query.startMs || t >= query.endMs) continue;
          const start = query.startMs + Math.floor((t - query.startMs) / periodMs) * periodMs;
          const bucketUnit = query.perUnit ? unit : '';
          const k = `${start}|${bucketUnit}`;
          let bucket = out.get(k);
          if (!bucket) {
            bucket = { start, unit, aggregate: emptyAggregate() };
            out.set(k, bucket);
          } else if (!query.perUnit && bucket.unit !== unit) {
            bucket.unit = 'None';
          }
          mergeAggregate(bucket.aggregate, agg);
        }
      }
    }
    return [...out.values()].sort((a, b) => a.start - b.start || (a.unit < b.unit ? -1 : 1));
  }

  /** Drops data past retention and rolls old second buckets into minutes. */
  prune(): void {
    const now = this.clock.now();
    this.lastPrune = now;
    const oldest = now - this.retentionMs;
    const oldestSecond = now - this.highResolutionRetentionMs;
    for (const [key, series] of this.metrics) {
      for (const [unit, unitSeries] of series.units) {
        for (const [t, agg] of unitSeries.seconds) {
          if (t >= oldestSecond) continue;
          unitSeries.seconds.delete(t);
          const minute = Math.floor(t / 60_000) * 60_000;
          let target = unitSeries.minutes.get(minute);
          if (!target) {
            target = emptyAggregate();
            unitSeries.minutes.set(minute, target);
          }
          mergeAggregate(target, agg);
        }
        for (const t of unitSeries.minutes.keys()) {
          if (t < oldest) unitSeries.minutes.delete(t);
        }
        if (unitSeries.minutes.size === 0 && unitSeries.seconds.size === 0) {
          series.units.delete(unit);
        }
      }
      if (series.units.size === 0) this.metrics.delete(key);
    }
  }

  private maybePrune(): void {
    if (this.clock.now() - this.lastPrune >= 60_000) this.prune();
  }
}

/**
 * Metric alarms: what is stored, and how the state is evaluated from stored data.
 *
 * Evaluation is done on demand (DescribeAlarms, or `evaluateAlarms`), on the emulator clock,
 * at most once per completed period (so SetAlarmState holds until the next period boundary,
 * and data sent late for an evaluated window counts from the next one): the alarm looks at the
 * last EvaluationPeriods complete periods (period boundaries aligned to the epoch), computes its statistic per period, and goes to ALARM when at least
 * DatapointsToAlarm (default EvaluationPeriods) of them breach the threshold. Missing periods
 * follow TreatMissingData: `breaching` counts them as breaching, `notBreaching` as fine,
 * `missing` (the default) and `ignore` skip them; with no datapoint at all, `missing` goes to
 * INSUFFICIENT_DATA and `ignore` keeps the current state. This is simpler than AWS (which also
 * looks further back for missing data and evaluates with a delay); no alarm actions are run.
 */

import { type MetricDataQueryInput, runMetricDataQueries } from './metric-data';
import { computeStatistic, parseStatistic } from './statistics';
import type { CloudWatchStore, Dimension } from './store';

export const comparisonOperators = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
] as const;

export const treatMissingDataOptions = ['breaching', 'notBreaching', 'ignore', 'missing'] as const;

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** A stored alarm; timestamps in ms. */
export interface MetricAlarm {
  AlarmName: string;
  AlarmArn: string;
  AlarmDescription?: string;
  AlarmConfigurationUpdatedTimestamp: number;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  StateValue: AlarmState;
  StateReason: string;
  StateReasonData?: string;
  StateUpdatedTimestamp: number;
  StateTransitionedTimestamp: number;
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions: Dimension[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator: string;
  TreatMissingData?: string;
  EvaluateLowSampleCountPercentile?: string;
  Metrics?: MetricDataQueryInput[];
  ThresholdMetricId?: string;
  Tags?: { Key: string; Value: string }[];
  /** End (ms) of the last evaluated window: an alarm is evaluated once per completed period. */
  lastEvaluation?: number;
}

function breaches(op: string, value: number, threshold: number): boolean {
  switch (op) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    default:
      return value <= threshold;
  }
}

const operatorWords: Record<string, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `25/11/26 10:31:00`, the format AWS uses in StateReason. */
function reasonTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/** The alarm's period: its own, or (metric math) that of the returned query. */
export function alarmPeriod(alarm: MetricAlarm): number {
  if (alarm.Period) return alarm.Period;
  const queries = alarm.Metrics ?? [];
  const returned = queries.find((q) => q.ReturnData !== false && q.Expression) ?? queries[0];
  return Number(
    returned?.Period ??
      returned?.MetricStat?.Period ??
      queries.find((q) => q.MetricStat)?.MetricStat?.Period ??
      60
  );
}

/** The alarm's datapoints over its evaluation window, oldest first (undefined = missing). */
export function alarmDatapoints(
  store: CloudWatchStore,
  alarm: MetricAlarm,
  nowMs: number
): { start: number; value: number | undefined }[] {
  const period = alarmPeriod(alarm);
  const periodMs = period * 1000;
  const end = Math.floor(nowMs / periodMs) * periodMs;
  const start = end - alarm.EvaluationPeriods * periodMs;
  const values = new Map<number, number>();
  if (alarm.Metrics && alarm.Metrics.length > 0) {
    const results = runMetricDataQueries(store, alarm.Metrics, start, end, nowMs, 'Metrics');
    const result = results[0];
    if (result) {
      result.timestamps.forEach((t, i) => {
        values.set(t, result.values[i] as number);
      });
    }
  } else {
    const stat = parseStatistic(alarm.Statistic ?? alarm.ExtendedStatistic ?? '');
    const series = store.get(alarm.Namespace ?? '', alarm.MetricName ?? '', alarm.Dimensions);
    if (series && stat) {
      for (const b of store.buckets(series, {
        startMs: start,
        endMs: end,
        periodSec: period,
        unit: alarm.Unit,
        perUnit: false,
      })) {
        const v = computeStatistic(b.aggregate, stat);
        if (v !== undefined) values.set(b.start, v);
      }
    }
  }
  const out: { start: number; value: number | undefined }[] = [];
  for (let t = start; t < end; t += periodMs) out.push({ start: t, value: values.get(t) });
  return out;
}

/** Re-evaluates one alarm at `nowMs`, updating its state when it changes. */
export function evaluateAlarm(store: CloudWatchStore, alarm: MetricAlarm, nowMs: number): void {
  const periodMs = alarmPeriod(alarm) * 1000;
  const windowEnd = Math.floor(nowMs / periodMs) * periodMs;
  if (alarm.lastEvaluation === windowEnd) return;
  alarm.lastEvaluation = windowEnd;
  const points = alarmDatapoints(store, alarm, nowMs);
  const threshold = alarm.Threshold ?? 0;
  const op = alarm.ComparisonOperator;
  const treat = alarm.TreatMissingData ?? 'missing';
  const required = alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods;
  const present = points.filter((p) => p.value !== undefined);
  const breaching = present.filter((p) => breaches(op, p.value as number, threshold));
  const missing = points.length - present.length;
  const breachCount = breaching.length + (treat === 'breaching' ? missing : 0);

  let next: AlarmState;
  let reason: string;
  const newest = [...present].reverse();
  const shown = `[${newest.map((p) => `${formatValue(p.value as number)} (${reasonTime(p.start)})`).join(', ')}]`;
  const words = operatorWords[op] ?? op;
  if (breachCount >= required) {
    next = 'ALARM';
    reason =
      points.length === 1
        ? `Threshold Crossed: 1 datapoint ${shown} was ${words} the threshold (${formatValue(threshold)}).`
        : `Threshold Crossed: ${breachCount} out of the last ${points.length} datapoints ${shown} were ${words} the threshold (${formatValue(threshold)}) (minimum ${required} datapoint${required === 1 ? '' : 's'} for OK -> ALARM transition).`;
  } else if (present.length === 0 && (treat === 'missing' || treat === 'ignore')) {
    if (treat === 'ignore') return;
    next = 'INSUFFICIENT_DATA';
    reason = `Insufficient Data: ${points.length} datapoint${points.length === 1 ? ' was' : 's were'} unknown.`;
  } else {
    next = 'OK';
    reason =
      present.length === 0
        ? `Threshold Crossed: no datapoints were received for ${points.length} period${points.length === 1 ? '' : 's'} and ${points.length} missing datapoint${points.length === 1 ? ' was' : 's were'} treated as [NonBreaching].`
        : `Threshold Crossed: ${present.length - breaching.length} out of the last ${points.length} datapoints ${shown} were not ${words} the threshold (${formatValue(threshold)}) (minimum ${Math.max(1, points.length - required + 1)} datapoint${points.length - required + 1 === 1 ? '' : 's'} for ALARM -> OK transition).`;
  }
  if (next === alarm.StateValue) return;
  alarm.StateValue = next;
  alarm.StateReason = reason;
  alarm.StateReasonData = JSON.stringify({
    version: '1.0',
    queryDate: new Date(nowMs).toISOString(),
    startDate: new Date(points[0]?.start ?? nowMs).toISOString(),
    period: alarmPeriod(alarm),
    recentDatapoints: present.map((p) => p.value),
    threshold,
    evaluatedDatapoints: newest.map((p) => ({
      timestamp: new Date(p.start).toISOString(),
      value: p.value,
    })),
  });
  alarm.StateUpdatedTimestamp = nowMs;
  alarm.StateTransitionedTimestamp = nowMs;
}

/** Re-evaluates every alarm (or the given ones) at the store clock's time. */
export function evaluateAlarms(
  store: CloudWatchStore,
  alarms: Iterable<MetricAlarm> = store.alarms.values()
): void {
  const now = store.clock.now();
  for (const alarm of alarms) evaluateAlarm(store, alarm, now);
}

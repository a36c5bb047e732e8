/**
 * Evaluates MetricDataQuery lists: what GetMetricData and metric-math alarms share.
 * MetricStat queries are aggregated per period from StartTime (rounded as CloudWatch rounds
 * it); expressions are evaluated by metric-math.ts.
 */
import { quotas } from '../../core/quotas';
import {
  type Expression,
  evaluate,
  MathError,
  type MathValue,
  parseExpression,
  referencedIds,
  type TimeSeries,
} from './metric-math';
import { computeStatistic, isOtherExtendedStatistic, parseStatistic } from './statistics';
import type { CloudWatchStore, Dimension } from './store';
import {
  alignStart,
  asList,
  checkDimensions,
  checkPeriod,
  checkUnit,
  missingParameter,
  required,
  validationError,
} from './validation';

export interface MetricStatInput {
  Metric?: { Namespace?: string; MetricName?: string; Dimensions?: Dimension[] };
  Period?: number;
  Stat?: string;
  Unit?: string;
}

export interface MetricDataQueryInput {
  Id?: string;
  MetricStat?: MetricStatInput;
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
  Period?: number;
  AccountId?: string;
}

/** One result series, timestamps ascending (ms). */
export interface QueryResult {
  id: string;
  label: string;
  timestamps: number[];
  values: number[];
}

const idPattern = /^[a-z][a-zA-Z0-9_]*$/;

interface Prepared {
  index: number;
  id: string;
  query: MetricDataQueryInput;
  param: string;
  stat?: {
    namespace: string;
    metricName: string;
    dimensions: Dimension[];
    period: number;
    stat: NonNullable<ReturnType<typeof parseStatistic>>;
    unit?: string;
  };
  expression?: Expression;
}

function prepare(queries: MetricDataQueryInput[], param: string): Prepared[] {
  const seen = new Set<string>();
  return queries.map((q, i) => {
    const p = `${param}.member.${i + 1}`;
    const id = String(required(q?.Id, `${p}.Id`));
    if (!idPattern.test(id)) {
      throw validationError(
        `The value ${id} for parameter ${p}.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`
      );
    }
    if (seen.has(id)) {
      throw validationError(`The values for parameter id in ${param} are not unique.`);
    }
    seen.add(id);
    const hasStat = q.MetricStat !== undefined && q.MetricStat !== null;
    const hasExpression = q.Expression !== undefined && q.Expression !== null;
    if (hasStat && hasExpression) {
      throw validationError(
        `The parameters ${p}.MetricStat and ${p}.Expression are mutually exclusive and you have specified both.`
      );
    }
    if (!hasStat && !hasExpression) {
      throw validationError(
        `At least one of the parameters ${p}.MetricStat or ${p}.Expression must be specified.`
      );
    }
    if (hasStat) {
      const ms = q.MetricStat as MetricStatInput;
      const metric = required(ms.Metric, `${p}.MetricStat.Metric`);
      const namespace = String(required(metric.Namespace, `${p}.MetricStat.Metric.Namespace`));
      const metricName = String(required(metric.MetricName, `${p}.MetricStat.Metric.MetricName`));
      const dimensions = checkDimensions(metric.Dimensions, `${p}.MetricStat.Metric.Dimensions`);
      const period = checkPeriod(ms.Period, `${p}.MetricStat.Period`);
      const statName = String(required(ms.Stat, `${p}.MetricStat.Stat`));
      const stat = parseStatistic(statName);
      if (!stat) {
        const why = isOtherExtendedStatistic(statName)
          ? ' (the emulator computes SampleCount, Average, Sum, Minimum, Maximum and pNN)'
          : '';
        throw validationError(
          `The value ${statName} for parameter ${p}.MetricStat.Stat is not a valid statistic${why}.`
        );
      }
      const unit = checkUnit(ms.Unit, `${p}.MetricStat.Unit`);
      return {
        index: i,
        id,
        query: q,
        param: p,
        stat: { namespace, metricName, dimensions, period, stat, unit },
      };
    }
    const source = String(q.Expression);
    if (source.length < 1 || source.length > 2048) {
      throw validationError(
        `1 validation error detected: Value '${source}' at '${param.charAt(0).toLowerCase()}${param.slice(1)}.${i + 1}.member.expression' failed to satisfy constraint: Member must have length less than or equal to 2048`
      );
    }
    if (/^\s*SELECT\b/i.test(source) || /\bSEARCH\s*\(/.test(source)) {
      throw unsupported(p, source, 'Metrics Insights queries and SEARCH are not supported');
    }
    let expression: Expression;
    try {
      expression = parseExpression(source);
    } catch (e) {
      if (e instanceof MathError) throw unsupported(p, source, e.message);
      throw e;
    }
    if (q.Period !== undefined && q.Period !== null) checkPeriod(q.Period, `${p}.Period`);
    return { index: i, id, query: q, param: p, expression };
  });
}

function unsupported(param: string, source: string, why: string): Error {
  return validationError(
    `The emulator cannot evaluate the expression "${source}" in ${param}.Expression: ${why}.`
  );
}

/** The grid of period starts within [start, end). */
export function periodGrid(
  startMs: number,
  endMs: number,
  period: number,
  nowMs: number
): number[] {
  const out: number[] = [];
  const step = period * 1000;
  for (let t = alignStart(startMs, period, nowMs); t < endMs; t += step) out.push(t);
  return out;
}

/**
 * Runs the queries. Returns, in request order, the results of the queries whose ReturnData is
 * not false (an array-valued expression gives one result per series, all under its Id).
 */
export function runMetricDataQueries(
  store: CloudWatchStore,
  queries: MetricDataQueryInput[] | undefined,
  startMs: number,
  endMs: number,
  nowMs: number,
  param = 'MetricDataQueries'
): QueryResult[] {
  asList(queries, param);
  if (!queries || queries.length === 0)
    throw missingParameter(`The parameter ${param} is required.`);
  const max = quotas.cloudWatchGetMetricDataQueries.value;
  if (queries.length > max) {
    throw validationError(`The collection ${param} must not have a size greater than ${max}.`);
  }
  const prepared = prepare(queries, param);
  const byId = new Map(prepared.map((p) => [p.id, p]));
  const values = new Map<string, MathValue>();
  const evaluating = new Set<string>();

  const statSeries = (p: Prepared): TimeSeries => {
    const s = p.stat as NonNullable<Prepared['stat']>;
    const label = p.query.Label ?? s.metricName;
    const points = new Map<number, number>();
    const series = store.get(s.namespace, s.metricName, s.dimensions);
    if (series) {
      const start = alignStart(startMs, s.period, nowMs);
      for (const b of store.buckets(series, {
        startMs: start,
        endMs,
        periodSec: s.period,
        unit: s.unit,
        perUnit: false,
      })) {
        const v = computeStatistic(b.aggregate, s.stat);
        if (v !== undefined) points.set(b.start, v);
      }
    }
    return { label, period: s.period, points };
  };

  const valueOfQuery = (p: Prepared): MathValue => {
    const cached = values.get(p.id);
    if (cached) return cached;
    if (p.stat) {
      const v: MathValue = { kind: 'series', series: statSeries(p) };
      values.set(p.id, v);
      return v;
    }
    if (evaluating.has(p.id)) {
      throw validationError(`Circular dependency detected in ${param}: ${p.id} refers to itself.`);
    }
    evaluating.add(p.id);
    const expr = p.expression as Expression;
    let v: MathValue;
    try {
      v = evaluate(expr, {
        resolve: (id) => {
          const target = byId.get(id);
          return target ? valueOfQuery(target) : undefined;
        },
        metrics: () =>
          prepared
            .filter((q) => q.stat)
            .map((q) => ({ id: q.id, series: (valueOfQuery(q) as { series: TimeSeries }).series })),
        grid: (period) => periodGrid(startMs, endMs, period, nowMs),
      });
    } catch (e) {
      if (e instanceof MathError) throw unsupported(p.param, String(p.query.Expression), e.message);
      throw e;
    }
    evaluating.delete(p.id);
    const period = p.query.Period;
    if (period !== undefined && period !== null) {
      const periods = (v.kind === 'series' ? [v.series] : v.kind === 'array' ? v.items : [])
        .map((s) => s.period)
        .filter((x) => x && x !== Number(period));
      if (periods.length > 0) {
        throw unsupported(
          p.param,
          String(p.query.Expression),
          `a Period (${period}) different from the period of its metrics (${periods[0]}) is not supported`
        );
      }
    }
    values.set(p.id, v);
    return v;
  };

  // Unknown ids are reported before anything is evaluated.
  for (const p of prepared) {
    if (!p.expression) continue;
    for (const id of referencedIds(p.expression)) {
      if (!byId.has(id) && id !== 'REPEAT' && id !== 'LINEAR') {
        throw unsupported(p.param, String(p.query.Expression), `unknown identifier ${id}`);
      }
    }
  }

  const results: QueryResult[] = [];
  for (const p of prepared) {
    const v = valueOfQuery(p);
    if (p.query.ReturnData === false) continue;
    const label = p.query.Label;
    const emit = (s: TimeSeries, itemLabel: string): void => {
      const timestamps = [...s.points.keys()].sort((a, b) => a - b);
      results.push({
        id: p.id,
        label: itemLabel,
        timestamps,
        values: timestamps.map((t) => s.points.get(t) as number),
      });
    };
    if (v.kind === 'series') emit(v.series, label ?? (p.stat ? v.series.label : p.id));
    else if (v.kind === 'array') {
      for (const s of v.items) emit(s, label ? `${label} ${s.label}` : s.label);
    } else {
      throw unsupported(
        p.param,
        String(p.query.Expression),
        'the expression evaluates to a single value, not a time series'
      );
    }
  }
  return results;
}

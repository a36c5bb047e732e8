import { quotas } from '../../../core/quotas';
import type { RequestContext } from '../../../core/service';
import {
  computeStatistic,
  isOtherExtendedStatistic,
  parseStatistic,
  type Statistic,
  standardStatistics,
} from '../statistics';
import type { CloudWatchStore, Dimension } from '../store';
import {
  alignStart,
  asList,
  checkDimensions,
  checkInput,
  checkPeriod,
  checkUnit,
  formatCount,
  invalidParameterCombination,
  invalidParameterValue,
  requiredTime,
  validationError,
} from '../validation';

export interface GetMetricStatisticsInput {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Dimension[];
  StartTime?: number | string;
  EndTime?: number | string;
  Period?: number;
  Statistics?: string[];
  ExtendedStatistics?: string[];
  Unit?: string;
}

export interface Datapoint {
  /** Epoch seconds. */
  Timestamp: number;
  SampleCount?: number;
  Average?: number;
  Sum?: number;
  Minimum?: number;
  Maximum?: number;
  Unit: string;
  ExtendedStatistics?: Record<string, number>;
}

export interface GetMetricStatisticsOutput {
  Label: string;
  Datapoints: Datapoint[];
}

export const input = {
  Namespace: { required: true, minLength: 1, maxLength: 255 },
  MetricName: { required: true, minLength: 1, maxLength: 255 },
  StartTime: { required: true },
  EndTime: { required: true },
  Period: { required: true, min: 1 },
  Statistics: { minLength: 1, maxLength: 5 },
  ExtendedStatistics: { minLength: 1, maxLength: 10 },
} as const;

function checkStatistics(req: GetMetricStatisticsInput): { name: string; stat: Statistic }[] {
  const statistics = asList<string>(req.Statistics, 'Statistics') ?? [];
  const extended = asList<string>(req.ExtendedStatistics, 'ExtendedStatistics') ?? [];
  if (statistics.length > 0 && extended.length > 0) {
    throw invalidParameterCombination(
      'The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.'
    );
  }
  if (statistics.length === 0 && extended.length === 0) {
    throw invalidParameterCombination(
      'At least one of the parameters Statistics or ExtendedStatistics must be specified.'
    );
  }
  const bad = statistics.filter((s) => !(standardStatistics as readonly string[]).includes(s));
  if (bad.length > 0) {
    throw validationError(
      `1 validation error detected: Value '[${statistics.join(', ')}]' at 'statistics' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [Maximum, SampleCount, Sum, Minimum, Average]]`
    );
  }
  return [...statistics, ...extended].map((name, i) => {
    const stat = parseStatistic(name);
    if (!stat || (extended.length > 0 && stat.kind === 'standard')) {
      const why = isOtherExtendedStatistic(name)
        ? ' by the emulator (only pNN percentiles are)'
        : '';
      throw invalidParameterValue(
        `The value ${name} for parameter ExtendedStatistics.member.${i + 1} is not supported${why}.`
      );
    }
    return { name, stat };
  });
}

/** Statistics of one metric over periods of StartTime + k × Period; periods without data are absent. */
export function getMetricStatistics(
  store: CloudWatchStore,
  req: GetMetricStatisticsInput,
  ctx: RequestContext
): GetMetricStatisticsOutput {
  checkInput(req as Record<string, unknown>, input);
  const dimensions = checkDimensions(req.Dimensions, 'Dimensions');
  const startMs = requiredTime(req.StartTime, 'StartTime');
  const endMs = requiredTime(req.EndTime, 'EndTime');
  const period = checkPeriod(req.Period, 'Period');
  const unit = checkUnit(req.Unit, 'Unit');
  const stats = checkStatistics(req);
  if (startMs >= endMs) {
    throw invalidParameterValue('The parameter StartTime must be less than the parameter EndTime.');
  }
  const start = alignStart(startMs, period, ctx.clock.now());
  const limit = quotas.cloudWatchGetMetricStatisticsDatapoints.value;
  const requested = Math.floor((endMs - start) / (period * 1000));
  if (requested > limit) {
    throw invalidParameterCombination(
      `You have requested up to ${formatCount(requested)} datapoints, which exceeds the limit of ${formatCount(limit)}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`
    );
  }

  const label = String(req.MetricName);
  const series = store.get(String(req.Namespace), label, dimensions);
  if (!series) return { Label: label, Datapoints: [] };
  const buckets = store.buckets(series, {
    startMs: start,
    endMs,
    periodSec: period,
    unit,
    perUnit: true,
  });
  const datapoints = buckets.map((b) => {
    const dp: Datapoint = { Timestamp: b.start / 1000, Unit: b.unit };
    for (const { name, stat } of stats) {
      const value = computeStatistic(b.aggregate, stat);
      if (value === undefined) continue;
      if (stat.kind === 'standard') dp[stat.name] = value;
      else {
        dp.ExtendedStatistics ??= {};
        dp.ExtendedStatistics[name] = value;
      }
    }
    return dp;
  });
  return { Label: label, Datapoints: datapoints };
}

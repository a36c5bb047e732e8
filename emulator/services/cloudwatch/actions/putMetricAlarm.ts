import type { RequestContext } from '../../../core/service';
import {
  comparisonOperators,
  evaluateAlarm,
  type MetricAlarm,
  treatMissingDataOptions,
} from '../alarms';
import { type MetricDataQueryInput, runMetricDataQueries } from '../metric-data';
import { isOtherExtendedStatistic, parseStatistic, standardStatistics } from '../statistics';
import type { CloudWatchStore, Dimension } from '../store';
import {
  checkDimensions,
  checkInput,
  checkPeriod,
  checkUnit,
  invalidParameterCombination,
  invalidParameterValue,
  missingParameter,
  toNumber,
  validationError,
} from '../validation';

export interface PutMetricAlarmInput {
  AlarmName?: string;
  AlarmDescription?: string;
  ActionsEnabled?: boolean;
  OKActions?: string[];
  AlarmActions?: string[];
  InsufficientDataActions?: string[];
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions?: Dimension[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods?: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator?: string;
  TreatMissingData?: string;
  EvaluateLowSampleCountPercentile?: string;
  Metrics?: MetricDataQueryInput[];
  Tags?: { Key: string; Value: string }[];
  ThresholdMetricId?: string;
}

export const input = {
  AlarmName: { required: true, minLength: 1, maxLength: 255 },
  AlarmDescription: { minLength: 0, maxLength: 1024 },
  OKActions: { maxLength: 5 },
  AlarmActions: { maxLength: 5 },
  InsufficientDataActions: { maxLength: 5 },
  MetricName: { minLength: 1, maxLength: 255 },
  Namespace: { minLength: 1, maxLength: 255 },
  Statistic: { enum: standardStatistics },
  Period: { min: 1 },
  EvaluationPeriods: { required: true, min: 1 },
  DatapointsToAlarm: { min: 1 },
  ComparisonOperator: { required: true, enum: comparisonOperators },
  TreatMissingData: { minLength: 1, maxLength: 255 },
  Metrics: { maxLength: 20 },
} as const;

/**
 * Creates or replaces a metric alarm (a single metric, or metric math in `Metrics`). The new
 * alarm starts in INSUFFICIENT_DATA and is evaluated at once on the emulator clock.
 */
export function putMetricAlarm(
  store: CloudWatchStore,
  req: PutMetricAlarmInput,
  ctx: Pick<RequestContext, 'clock' | 'region' | 'accountId'>
): Record<string, never> {
  checkInput(req as Record<string, unknown>, input);
  const name = String(req.AlarmName);
  const hasMetrics = Array.isArray(req.Metrics) && req.Metrics.length > 0;
  if (hasMetrics && (req.MetricName || req.Namespace || req.Statistic || req.ExtendedStatistic)) {
    throw invalidParameterCombination(
      'The parameters Metrics and MetricName, Namespace, Statistic, ExtendedStatistic are mutually exclusive and you have specified both.'
    );
  }
  const operator = String(req.ComparisonOperator);
  if (
    ![
      'GreaterThanOrEqualToThreshold',
      'GreaterThanThreshold',
      'LessThanThreshold',
      'LessThanOrEqualToThreshold',
    ].includes(operator)
  ) {
    throw invalidParameterValue(
      `The value ${operator} for parameter ComparisonOperator is not supported by the emulator (anomaly detection bands are not implemented).`
    );
  }
  if (req.ThresholdMetricId) {
    throw invalidParameterValue(
      'The parameter ThresholdMetricId is not supported by the emulator (anomaly detection bands are not implemented).'
    );
  }
  if (req.Threshold === undefined || req.Threshold === null) {
    throw missingParameter('The parameter Threshold is required.');
  }
  const threshold = toNumber(req.Threshold);
  const evaluationPeriods = toNumber(req.EvaluationPeriods);
  const datapointsToAlarm =
    req.DatapointsToAlarm === undefined || req.DatapointsToAlarm === null
      ? undefined
      : toNumber(req.DatapointsToAlarm);
  if (datapointsToAlarm !== undefined && datapointsToAlarm > evaluationPeriods) {
    throw validationError('DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  }
  if (
    req.TreatMissingData !== undefined &&
    !(treatMissingDataOptions as readonly string[]).includes(req.TreatMissingData)
  ) {
    throw validationError(
      `Option ${req.TreatMissingData} is not supported. Supported options for parameter TreatMissingData are breaching, notBreaching, ignore and missing.`
    );
  }

  let period: number | undefined;
  let dimensions: Dimension[] = [];
  if (hasMetrics) {
    const returned = (req.Metrics as MetricDataQueryInput[]).filter((q) => q.ReturnData !== false);
    if (returned.length !== 1) {
      throw validationError('Exactly one element of the metrics list should return data.');
    }
    // Validates the queries the way GetMetricData does.
    const now = ctx.clock.now();
    runMetricDataQueries(store, req.Metrics, now - 60_000, now, now, 'Metrics');
  } else {
    if (!req.MetricName) throw missingParameter('The parameter MetricName is required.');
    if (!req.Namespace) throw missingParameter('The parameter Namespace is required.');
    if (req.Statistic && req.ExtendedStatistic) {
      throw invalidParameterCombination(
        'The parameters Statistic and ExtendedStatistic are mutually exclusive and you have specified both.'
      );
    }
    if (!req.Statistic && !req.ExtendedStatistic) {
      throw missingParameter(
        'At least one of the parameters Statistic or ExtendedStatistic must be specified.'
      );
    }
    if (req.ExtendedStatistic) {
      const stat = parseStatistic(req.ExtendedStatistic);
      if (stat?.kind !== 'percentile') {
        const why = isOtherExtendedStatistic(req.ExtendedStatistic) ? ' by the emulator' : '';
        throw invalidParameterValue(
          `The value ${req.ExtendedStatistic} for parameter ExtendedStatistic is not supported${why}.`
        );
      }
    }
    period = checkPeriod(req.Period, 'Period');
    dimensions = checkDimensions(req.Dimensions, 'Dimensions');
    if (period * evaluationPeriods > 86_400 && period < 3600) {
      throw invalidParameterCombination(
        'Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).'
      );
    }
  }
  const unit = checkUnit(req.Unit, 'Unit');

  const now = ctx.clock.now();
  const existing = store.alarms.get(name);
  const alarm: MetricAlarm = {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${name}`,
    AlarmDescription: req.AlarmDescription,
    AlarmConfigurationUpdatedTimestamp: now,
    ActionsEnabled: req.ActionsEnabled ?? true,
    OKActions: req.OKActions ?? [],
    AlarmActions: req.AlarmActions ?? [],
    InsufficientDataActions: req.InsufficientDataActions ?? [],
    StateValue: existing?.StateValue ?? 'INSUFFICIENT_DATA',
    StateReason: existing?.StateReason ?? 'Unchecked: Initial alarm creation',
    StateReasonData: existing?.StateReasonData,
    StateUpdatedTimestamp: existing?.StateUpdatedTimestamp ?? now,
    StateTransitionedTimestamp: existing?.StateTransitionedTimestamp ?? now,
    MetricName: hasMetrics ? undefined : req.MetricName,
    Namespace: hasMetrics ? undefined : req.Namespace,
    Statistic: req.Statistic,
    ExtendedStatistic: req.ExtendedStatistic,
    Dimensions: dimensions,
    Period: period,
    Unit: unit,
    EvaluationPeriods: evaluationPeriods,
    DatapointsToAlarm: datapointsToAlarm,
    Threshold: threshold,
    ComparisonOperator: operator,
    TreatMissingData: req.TreatMissingData,
    EvaluateLowSampleCountPercentile: req.EvaluateLowSampleCountPercentile,
    Metrics: hasMetrics ? req.Metrics : undefined,
    Tags: req.Tags ?? existing?.Tags,
  };
  store.alarms.set(name, alarm);
  evaluateAlarm(store, alarm, now);
  return {};
}

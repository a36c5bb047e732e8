import { quotas } from '../../../core/quotas';
import type { RequestContext } from '../../../core/service';
import { addStatisticSet, addValue } from '../statistics';
import type { CloudWatchStore, Dimension } from '../store';
import {
  asList,
  checkDimensions,
  checkInput,
  checkLength,
  checkUnit,
  invalidParameterCombination,
  invalidParameterValue,
  missingParameter,
  required,
  toMillis,
  toNumber,
} from '../validation';

interface MetricDatumInput {
  MetricName?: string;
  Dimensions?: Dimension[];
  Timestamp?: number | string;
  Value?: number | string;
  StatisticValues?: Record<string, number | string | undefined>;
  Values?: (number | string)[];
  Counts?: (number | string)[];
  Unit?: string;
  StorageResolution?: number | string;
}

export interface PutMetricDataInput {
  Namespace?: string;
  MetricData?: MetricDatumInput[];
  EntityMetricData?: { Entity?: unknown; MetricData?: MetricDatumInput[] }[];
  StrictEntityValidation?: boolean;
}

export const input = {
  Namespace: { required: true, minLength: 1, maxLength: 255 },
} as const;

/** One datum, validated and ready to store. */
interface CheckedDatum {
  metricName: string;
  dimensions: Dimension[];
  timestamp: number;
  unit: string;
  storageResolution: 1 | 60;
  apply: Parameters<CloudWatchStore['observe']>[4];
}

function checkValue(raw: unknown, param: string): number {
  const n = toNumber(raw);
  const limit = quotas.cloudWatchValueMagnitude.value;
  if (!Number.isFinite(n) || Math.abs(n) > limit) {
    throw invalidParameterValue(`The value ${String(raw)} for parameter ${param} is invalid.`);
  }
  return n;
}

function checkDatum(d: MetricDatumInput, param: string, now: number): CheckedDatum {
  const metricName = String(required(d.MetricName, `${param}.MetricName`));
  checkLength(metricName, `${param}.MetricName`, 1, 255);
  const dimensions = checkDimensions(d.Dimensions, `${param}.Dimensions`);
  const unit = checkUnit(d.Unit, `${param}.Unit`) ?? 'None';

  let storageResolution: 1 | 60 = 60;
  if (d.StorageResolution !== undefined && d.StorageResolution !== null) {
    const r = toNumber(d.StorageResolution);
    if (r !== 1 && r !== 60) {
      throw invalidParameterValue(
        `The value ${String(d.StorageResolution)} for parameter ${param}.StorageResolution is invalid.`
      );
    }
    storageResolution = r;
  }

  let timestamp = now;
  if (d.Timestamp !== undefined && d.Timestamp !== null) {
    timestamp = toMillis(d.Timestamp);
    if (
      !Number.isFinite(timestamp) ||
      timestamp < now - quotas.cloudWatchMetricMaxAgeMs.value ||
      timestamp > now + quotas.cloudWatchMetricMaxFutureMs.value
    ) {
      throw invalidParameterValue(
        `The parameter ${param}.Timestamp must specify a time within the past two weeks.`
      );
    }
  }

  const hasValue = d.Value !== undefined && d.Value !== null;
  const hasValues = Array.isArray(d.Values) && d.Values.length > 0;
  const hasSet = d.StatisticValues !== undefined && d.StatisticValues !== null;
  if (hasValue && hasSet) {
    throw invalidParameterCombination(
      `The parameters ${param}.Value and ${param}.StatisticValues are mutually exclusive and you have specified both.`
    );
  }
  if (hasValue && hasValues) {
    throw invalidParameterValue(
      `The parameters ${param}.Value and ${param}.Values are mutually exclusive and you have specified both.`
    );
  }
  if (hasValues && hasSet) {
    throw invalidParameterCombination(
      `The parameters ${param}.Values and ${param}.StatisticValues are mutually exclusive and you have specified both.`
    );
  }

  let apply: CheckedDatum['apply'];
  if (hasValue) {
    const value = checkValue(d.Value, `${param}.Value`);
    apply = (agg) => addValue(agg, value);
  } else if (hasValues) {
    const raw = asList<number | string>(d.Values, `${param}.Values`) ?? [];
    if (raw.length > quotas.cloudWatchValuesPerDatum.value) {
      throw invalidParameterValue(
        `The collection ${param}.Values must not have a size greater than ${quotas.cloudWatchValuesPerDatum.value}.`
      );
    }
    const values = raw.map((v, i) => checkValue(v, `${param}.Values.member.${i + 1}`));
    let counts = values.map(() => 1);
    const rawCounts = asList<number | string>(d.Counts, `${param}.Counts`);
    if (rawCounts && rawCounts.length > 0) {
      if (rawCounts.length !== values.length) {
        throw invalidParameterValue(
          `The parameters ${param}.Values and ${param}.Counts must be of the same size.`
        );
      }
      counts = rawCounts.map((c, i) => {
        const n = toNumber(c);
        if (!Number.isFinite(n) || n < 0) {
          throw invalidParameterValue(
            `The value ${String(c)} for parameter ${param}.Counts.member.${i + 1} is invalid.`
          );
        }
        return n;
      });
    }
    apply = (agg) => {
      values.forEach((v, i) => {
        addValue(agg, v, counts[i] ?? 1);
      });
    };
  } else if (hasSet) {
    const set = d.StatisticValues as Record<string, unknown>;
    const field = (name: string): number => {
      const raw = required(set[name], `${param}.StatisticValues.${name}`);
      return checkValue(raw, `${param}.StatisticValues.${name}`);
    };
    const stats = {
      SampleCount: field('SampleCount'),
      Sum: field('Sum'),
      Minimum: field('Minimum'),
      Maximum: field('Maximum'),
    };
    if (stats.SampleCount <= 0) {
      throw invalidParameterValue(
        `The parameter ${param}.StatisticValues.SampleCount must be greater than 0.`
      );
    }
    if (stats.Maximum < stats.Minimum) {
      throw invalidParameterValue(
        `The parameter ${param}.StatisticValues.Maximum must be greater than ${param}.StatisticValues.Minimum.`
      );
    }
    apply = (agg) => addStatisticSet(agg, stats);
  } else {
    throw missingParameter(
      `At least one of the parameters ${param}.Value or ${param}.StatisticValues must be specified.`
    );
  }
  return { metricName, dimensions, timestamp, unit, storageResolution, apply };
}

/**
 * Stores custom metric data. The whole request is validated before anything is stored, as on
 * AWS (one bad datum rejects the call).
 */
export function putMetricData(
  store: CloudWatchStore,
  req: PutMetricDataInput,
  ctx: RequestContext
): Record<string, never> {
  checkInput(req as Record<string, unknown>, input);
  const namespace = String(req.Namespace);
  if (namespace.startsWith('AWS/')) {
    throw invalidParameterValue('The value AWS/ for parameter Namespace is invalid.');
  }
  const entities = asList<{ MetricData?: unknown }>(req.EntityMetricData, 'EntityMetricData') ?? [];
  const entityData = entities.flatMap(
    (e, i) =>
      asList<MetricDatumInput>(e?.MetricData, `EntityMetricData.member.${i + 1}.MetricData`) ?? []
  );
  const data = [...(asList<MetricDatumInput>(req.MetricData, 'MetricData') ?? []), ...entityData];
  if (data.length === 0) throw missingParameter('The parameter MetricData is required.');
  if (data.length > quotas.cloudWatchPutMetricDataMetrics.value) {
    throw invalidParameterValue(
      `The collection MetricData must not have a size greater than ${quotas.cloudWatchPutMetricDataMetrics.value}.`
    );
  }
  const now = ctx.clock.now();
  const checked = data.map((d, i) => checkDatum(d ?? {}, `MetricData.member.${i + 1}`, now));
  for (const d of checked) {
    store.observe(
      { namespace, metricName: d.metricName, dimensions: d.dimensions },
      d.unit,
      d.timestamp,
      d.storageResolution,
      d.apply
    );
  }
  return {};
}

/**
 * The `metrics` array of a CloudWatch dashboard metric widget, read the way the console reads
 * it (Dashboard Body Structure and Syntax, "Metric Widget: Format for Each Metric in the
 * Array"), and turned into GetMetricData queries.
 *
 * Each row is `[Namespace, MetricName, DimName1, DimValue1, ..., {rendering options}]`, or
 * `[{ expression, label, id, ... }]` for metric math. Two shorthands repeat the previous metric
 * row: `"."` takes the value at the same position, and `"..."` stands for every value of the
 * previous row that the explicit values around it do not replace, so
 * `["AWS/Kafka", "CpuUser", "Cluster Name", "c", "Broker ID", "1"], ["...", "2"]` is broker 2.
 */

/** CloudWatch's default period of a graph that sets none, in seconds. */
export const DEFAULT_WIDGET_PERIOD = 300;
/** CloudWatch's default statistic of a graph that sets none. */
export const DEFAULT_WIDGET_STAT = 'Average';

/** The rendering options a metric row may end with. */
export interface MetricRowOptions {
  id?: string;
  label?: string;
  visible?: boolean;
  period?: number;
  stat?: string;
  yAxis?: 'left' | 'right';
  color?: string;
  unit?: string;
  expression?: string;
  region?: string;
  accountId?: string;
}

interface SeriesCommon {
  /** The GetMetricData query id: the row's `id`, or `m<n>` / `e<n>` by position. */
  id: string;
  label: string;
  /** `visible: false` rows are evaluated (expressions may use them) but not drawn. */
  visible: boolean;
  yAxis: 'left' | 'right';
  color?: string;
}

/** A metric row, expanded. */
export interface WidgetMetricSpec extends SeriesCommon {
  kind: 'metric';
  namespace: string;
  metricName: string;
  dimensions: { Name: string; Value: string }[];
  stat: string;
  period: number;
  unit?: string;
}

/** A metric math row. */
export interface WidgetExpressionSpec extends SeriesCommon {
  kind: 'expression';
  expression: string;
  period?: number;
}

export type WidgetSeriesSpec = WidgetMetricSpec | WidgetExpressionSpec;

/** Widget-level defaults a row's own options override. */
export interface WidgetDefaults {
  period?: number;
  stat?: string;
}

/** A `metrics` array that cannot be read. */
export class MetricArrayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricArrayError';
  }
}

function isOptions(value: unknown): value is MetricRowOptions {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Expands `"..."` and `"."` against the previous row's values. Exported for tests.
 * `"..."` may appear once; the values before it keep their positions, the values after it take
 * the last positions, and the previous row fills what is between.
 */
export function expandShorthand(
  values: readonly unknown[],
  previous: readonly string[] | undefined,
  row: number
): string[] {
  const ellipsis = values.indexOf('...');
  let expanded: unknown[] = [...values];
  if (ellipsis >= 0) {
    if (values.indexOf('...', ellipsis + 1) >= 0) {
      throw new MetricArrayError(`metrics[${row}]: "..." may appear only once`);
    }
    if (!previous) {
      throw new MetricArrayError(`metrics[${row}]: "..." needs a metric row before it`);
    }
    const before = values.slice(0, ellipsis);
    const after = values.slice(ellipsis + 1);
    const fill = previous.slice(
      before.length,
      Math.max(before.length, previous.length - after.length)
    );
    expanded = [...before, ...fill, ...after];
  }
  return expanded.map((value, position) => {
    if (value === '.') {
      const repeated = previous?.[position];
      if (repeated === undefined) {
        throw new MetricArrayError(
          `metrics[${row}][${position}]: "." has no value at that position in the previous metric row`
        );
      }
      return repeated;
    }
    if (typeof value !== 'string') {
      throw new MetricArrayError(
        `metrics[${row}][${position}]: expected a string, got ${JSON.stringify(value)}`
      );
    }
    return value;
  });
}

/**
 * Reads a metric widget's `metrics` array into one spec per row, in order, with the shorthands
 * expanded, the widget's period and stat applied where a row sets none, and a query id for
 * every row.
 */
export function parseMetricArray(
  metrics: unknown,
  defaults: WidgetDefaults = {}
): WidgetSeriesSpec[] {
  if (!Array.isArray(metrics)) throw new MetricArrayError('metrics must be an array of arrays');
  const rows = metrics.map((row, i) => {
    if (!Array.isArray(row)) throw new MetricArrayError(`metrics[${i}] must be an array`);
    const last = row[row.length - 1];
    const options: MetricRowOptions = isOptions(last) ? last : {};
    const values = isOptions(last) ? row.slice(0, -1) : row;
    return { values, options };
  });
  const explicitIds = new Set(
    rows.map((r) => r.options.id).filter((id): id is string => typeof id === 'string')
  );
  const autoId = (prefix: string, i: number): string => {
    let id = `${prefix}${i + 1}`;
    while (explicitIds.has(id)) id = `${id}_`;
    return id;
  };

  let previous: string[] | undefined;
  return rows.map(({ values, options }, i): WidgetSeriesSpec => {
    const common = {
      visible: options.visible !== false,
      yAxis: options.yAxis === 'right' ? ('right' as const) : ('left' as const),
      ...(typeof options.color === 'string' ? { color: options.color } : {}),
    };
    if (values.length === 0) {
      if (typeof options.expression !== 'string' || options.expression.trim() === '') {
        throw new MetricArrayError(
          `metrics[${i}]: a row without a namespace and metric name needs an expression`
        );
      }
      return {
        kind: 'expression',
        id: options.id ?? autoId('e', i),
        label: options.label ?? options.expression,
        expression: options.expression,
        ...(typeof options.period === 'number' ? { period: options.period } : {}),
        ...common,
      };
    }
    const expanded = expandShorthand(values, previous, i);
    if (expanded.length < 2 || expanded.length % 2 !== 0) {
      throw new MetricArrayError(
        `metrics[${i}]: expected namespace, metric name and dimension name/value pairs, got ${JSON.stringify(expanded)}`
      );
    }
    previous = expanded;
    const [namespace, metricName, ...dims] = expanded as [string, string, ...string[]];
    const dimensions: { Name: string; Value: string }[] = [];
    for (let d = 0; d < dims.length; d += 2) {
      dimensions.push({ Name: dims[d] as string, Value: dims[d + 1] as string });
    }
    return {
      kind: 'metric',
      id: options.id ?? autoId('m', i),
      label: options.label ?? metricName,
      namespace,
      metricName,
      dimensions,
      stat: options.stat ?? defaults.stat ?? DEFAULT_WIDGET_STAT,
      period: options.period ?? defaults.period ?? DEFAULT_WIDGET_PERIOD,
      ...(typeof options.unit === 'string' ? { unit: options.unit } : {}),
      ...common,
    };
  });
}

/** One GetMetricData query, as the CloudWatch API takes it. */
export interface MetricDataQuery {
  Id: string;
  Label?: string;
  ReturnData: boolean;
  MetricStat?: {
    Metric: {
      Namespace: string;
      MetricName: string;
      Dimensions: { Name: string; Value: string }[];
    };
    Period: number;
    Stat: string;
    Unit?: string;
  };
  Expression?: string;
  Period?: number;
}

/** The GetMetricData queries that draw these rows (hidden rows are queried, not returned). */
export function toMetricDataQueries(specs: readonly WidgetSeriesSpec[]): MetricDataQuery[] {
  return specs.map((spec) =>
    spec.kind === 'metric'
      ? {
          Id: spec.id,
          Label: spec.label,
          ReturnData: spec.visible,
          MetricStat: {
            Metric: {
              Namespace: spec.namespace,
              MetricName: spec.metricName,
              Dimensions: spec.dimensions,
            },
            Period: spec.period,
            Stat: spec.stat,
            ...(spec.unit ? { Unit: spec.unit } : {}),
          },
        }
      : {
          Id: spec.id,
          Label: spec.label,
          ReturnData: spec.visible,
          Expression: spec.expression,
          ...(spec.period !== undefined ? { Period: spec.period } : {}),
        }
  );
}

/**
 * A stack's CloudWatch dashboard, rendered to data: every widget of the deployed
 * `AWS::CloudWatch::Dashboard` body, with each metric widget's rows evaluated by GetMetricData
 * over the dashboard's time range on the emulator clock. The page draws what this returns, so
 * the offline graphs are the AWS console's graphs of the same body.
 */
import { getMetricData, type MetricSource } from './cloudwatch';
import { parseMetricArray, toMetricDataQueries, type WidgetSeriesSpec } from './metric-array';

/** The time range when the body sets none (the console's default is 3 hours; see docs/dashboard.md). */
export const DEFAULT_RANGE_MINUTES = 30;

/** Where a widget sits on the dashboard's 24-column grid. */
export interface WidgetPlacement {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One drawn line of a graph. */
export interface ChartSeries {
  id: string;
  label: string;
  /** Axis: `left` or `right`. */
  yAxis: 'left' | 'right';
  color?: string;
  /** The statistic and period it was read with (expressions: undefined). */
  stat?: string;
  period?: number;
  /** One value per entry of the widget's `timestamps`; null where CloudWatch had no datapoint. */
  values: (number | null)[];
}

interface AxisRange {
  min?: number;
  max?: number;
  label?: string;
}

export interface MetricWidgetView extends WidgetPlacement {
  type: 'metric';
  index: number;
  title: string;
  /** The widget's `view` (timeSeries, singleValue, bar ...); drawn as a time series here. */
  view: string;
  stacked: boolean;
  yAxis: { left?: AxisRange; right?: AxisRange };
  /** Epoch seconds, ascending: the union of the series' datapoint times. */
  timestamps: number[];
  series: ChartSeries[];
  /** How many datapoints the visible series returned in all. */
  points: number;
  /** Set when the widget could not be read or evaluated; the page shows it in place of the chart. */
  error?: string;
}

export interface TextWidgetView extends WidgetPlacement {
  type: 'text';
  index: number;
  markdown: string;
}

export interface AlarmWidgetView extends WidgetPlacement {
  type: 'alarm';
  index: number;
  title: string;
  alarms: { name: string; state: string; reason?: string }[];
}

export interface OtherWidgetView extends WidgetPlacement {
  type: string;
  index: number;
  title: string;
  /** Log widgets: the Logs Insights query. */
  query?: string;
}

export type WidgetView = MetricWidgetView | TextWidgetView | AlarmWidgetView | OtherWidgetView;

/** A dashboard evaluated at one instant. */
export interface DashboardView {
  name: string;
  /** The range evaluated, epoch milliseconds. */
  start: number;
  end: number;
  /** The body's `start` (e.g. `-PT30M`), if it has one. */
  bodyStart?: string;
  periodOverride?: string;
  widgets: WidgetView[];
}

/**
 * A relative ISO 8601 duration as dashboards write `start` (`-PT30M`, `-PT3H`, `-P1D`,
 * `-P1DT12H`, `-PT1H30M`), in milliseconds; undefined for anything else.
 */
export function parseRelativeStart(start: unknown): number | undefined {
  if (typeof start !== 'string') return undefined;
  const m = /^-P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(start);
  if (!m || start === '-P' || start.endsWith('T')) return undefined;
  const [, w, d, h, min, s] = m.map((x) => (x === undefined ? 0 : Number(x))) as number[];
  const ms =
    ((((w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (min ?? 0)) * 60_000 + (s ?? 0) * 1000;
  return ms > 0 ? ms : undefined;
}

interface RawWidget {
  type?: unknown;
  x?: unknown;
  y?: unknown;
  width?: unknown;
  height?: unknown;
  properties?: Record<string, unknown>;
}

function placement(w: RawWidget, defaultHeight: number): WidgetPlacement {
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  return {
    x: num(w.x, 0),
    y: num(w.y, 0),
    width: num(w.width, 6),
    height: num(w.height, defaultHeight),
  };
}

function axisRange(value: unknown): AxisRange | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const out: AxisRange = {};
  if (typeof v.min === 'number') out.min = v.min;
  if (typeof v.max === 'number') out.max = v.max;
  if (typeof v.label === 'string') out.label = v.label;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Lays result series on the union of their timestamps (seconds), null where one has none. */
export function alignSeries(results: { id: string; timestamps: number[]; values: number[] }[]): {
  timestamps: number[];
  columns: (number | null)[][];
} {
  const times = new Set<number>();
  for (const r of results) for (const t of r.timestamps) times.add(Math.round(t / 1000));
  const timestamps = [...times].sort((a, b) => a - b);
  const index = new Map(timestamps.map((t, i) => [t, i]));
  const columns = results.map((r) => {
    const column: (number | null)[] = timestamps.map(() => null);
    r.timestamps.forEach((t, i) => {
      const at = index.get(Math.round(t / 1000));
      if (at !== undefined) column[at] = r.values[i] ?? null;
    });
    return column;
  });
  return { timestamps, columns };
}

async function metricWidget(
  source: MetricSource,
  raw: RawWidget,
  index: number,
  start: number,
  end: number
): Promise<MetricWidgetView> {
  const props = raw.properties ?? {};
  const yAxis = (props.yAxis ?? {}) as Record<string, unknown>;
  const view: MetricWidgetView = {
    type: 'metric',
    index,
    title: typeof props.title === 'string' ? props.title : `Widget ${index + 1}`,
    view: typeof props.view === 'string' ? props.view : 'timeSeries',
    stacked: props.stacked === true,
    yAxis: {
      ...(axisRange(yAxis.left) ? { left: axisRange(yAxis.left) } : {}),
      ...(axisRange(yAxis.right) ? { right: axisRange(yAxis.right) } : {}),
    },
    ...placement(raw, 6),
    timestamps: [],
    series: [],
    points: 0,
  };
  let specs: WidgetSeriesSpec[];
  try {
    specs = parseMetricArray(props.metrics, {
      period: typeof props.period === 'number' ? props.period : undefined,
      stat: typeof props.stat === 'string' ? props.stat : undefined,
    });
  } catch (error) {
    return { ...view, error: (error as Error).message };
  }
  let results: Awaited<ReturnType<typeof getMetricData>>;
  try {
    results = await getMetricData(source, toMetricDataQueries(specs), start, end);
  } catch (error) {
    return { ...view, error: `GetMetricData: ${(error as Error).message}` };
  }
  const byId = new Map(specs.map((s) => [s.id, s]));
  const { timestamps, columns } = alignSeries(results);
  const series: ChartSeries[] = results.map((r, i) => {
    const spec = byId.get(r.id);
    return {
      id: r.id,
      label: r.label || spec?.label || r.id,
      yAxis: spec?.yAxis ?? 'left',
      ...(spec?.color ? { color: spec.color } : {}),
      ...(spec?.kind === 'metric' ? { stat: spec.stat, period: spec.period } : {}),
      values: columns[i] ?? [],
    };
  });
  const points = results.reduce((n, r) => n + r.values.length, 0);
  return { ...view, timestamps, series, points };
}

/**
 * Evaluates a dashboard body at `now`: the range is `minutes` if given, else the body's
 * relative `start`, else DEFAULT_RANGE_MINUTES, ending now (the current, partial period
 * included, as the console draws it).
 */
export async function renderDashboard(
  source: MetricSource,
  name: string,
  body: string,
  now: number,
  minutes?: number
): Promise<DashboardView> {
  let parsed: { widgets?: unknown; start?: unknown; periodOverride?: unknown };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    throw new Error(`dashboard ${name}: the body is not JSON`);
  }
  const rangeMs =
    minutes !== undefined
      ? minutes * 60_000
      : (parseRelativeStart(parsed.start) ?? DEFAULT_RANGE_MINUTES * 60_000);
  const start = now - rangeMs;
  const end = now;
  const rawWidgets = Array.isArray(parsed.widgets) ? (parsed.widgets as RawWidget[]) : [];
  const widgets = await Promise.all(
    rawWidgets.map(async (raw, index): Promise<WidgetView> => {
      const props = raw.properties ?? {};
      const title = typeof props.title === 'string' ? props.title : '';
      switch (raw.type) {
        case 'metric':
          return metricWidget(source, raw, index, start, end);
        case 'text':
          return {
            type: 'text',
            index,
            markdown: typeof props.markdown === 'string' ? props.markdown : '',
            ...placement(raw, 2),
          };
        case 'alarm': {
          const arns = Array.isArray(props.alarms) ? (props.alarms as unknown[]) : [];
          // As DescribeAlarms does: alarms are evaluated when they are read.
          source.services.cloudwatch.evaluateAlarms();
          const alarms = arns.map((arn) => {
            const alarmName = String(arn).replace(/^arn:[^:]*:cloudwatch:[^:]*:[^:]*:alarm:/, '');
            const alarm = source.services.cloudwatch.store.alarms.get(alarmName);
            return {
              name: alarmName,
              state: alarm?.StateValue ?? 'INSUFFICIENT_DATA',
              ...(alarm?.StateReason ? { reason: alarm.StateReason } : {}),
            };
          });
          return { type: 'alarm', index, title, alarms, ...placement(raw, 3) };
        }
        default:
          return {
            type: typeof raw.type === 'string' ? raw.type : 'unknown',
            index,
            title,
            ...(typeof props.query === 'string' ? { query: props.query } : {}),
            ...placement(raw, 6),
          };
      }
    })
  );
  return {
    name,
    start,
    end,
    ...(typeof parsed.start === 'string' ? { bodyStart: parsed.start } : {}),
    ...(typeof parsed.periodOverride === 'string' ? { periodOverride: parsed.periodOverride } : {}),
    widgets,
  };
}

import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { Series } from './verdict';

/** The one-minute period every check reads at: CloudWatch's standard resolution. */
export const PERIOD_SECONDS = 60;
const PERIOD_MS = PERIOD_SECONDS * 1000;

/** A metric a check reads. */
export interface MetricSpec {
  /** GetMetricData query id: `^[a-z][a-zA-Z0-9_]*$`. */
  id: string;
  label: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: 'Sum' | 'Maximum' | 'Average' | 'Minimum' | 'SampleCount';
}

/** The minutes a check judges: [start, end), both on minute boundaries. */
export interface Window {
  start: number;
  end: number;
}

/**
 * The last `minutes` complete minutes before `now`. The current minute is left out: its
 * datapoints are still arriving.
 */
export function windowEndingAt(now: number, minutes: number): Window {
  const end = Math.floor(now / PERIOD_MS) * PERIOD_MS;
  return { start: end - minutes * PERIOD_MS, end };
}

function toQuery(spec: MetricSpec): MetricDataQuery {
  return {
    Id: spec.id,
    Label: spec.label,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: spec.namespace,
        MetricName: spec.metricName,
        Dimensions: Object.entries(spec.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: PERIOD_SECONDS,
      Stat: spec.stat,
    },
  };
}

/**
 * Reads every spec's one-minute datapoints over the window with GetMetricData (paging through
 * NextToken) and lays them on the window's minutes, oldest first. A minute CloudWatch has no
 * datapoint for is 0 for Sum and SampleCount (nothing happened) and null otherwise (no
 * observation: a maximum of nothing is not zero).
 */
export async function fetchSeries(
  cloudwatch: CloudWatchClient,
  specs: MetricSpec[],
  window: Window
): Promise<Map<string, Series>> {
  const minutes = Math.round((window.end - window.start) / PERIOD_MS);
  const timestamps = Array.from({ length: minutes }, (_, i) => window.start + i * PERIOD_MS);
  const byId = new Map<string, Map<number, number>>(specs.map((s) => [s.id, new Map()]));
  // GetMetricData takes at most 500 queries per call; an empty window needs none (CloudWatch
  // refuses StartTime = EndTime).
  for (let offset = 0; minutes > 0 && offset < specs.length; offset += 500) {
    const chunk = specs.slice(offset, offset + 500);
    let nextToken: string | undefined;
    do {
      const page = await cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: chunk.map(toQuery),
          StartTime: new Date(window.start),
          EndTime: new Date(window.end),
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        })
      );
      for (const result of page.MetricDataResults ?? []) {
        const points = result.Id ? byId.get(result.Id) : undefined;
        if (!points) continue;
        const ts = result.Timestamps ?? [];
        const vs = result.Values ?? [];
        ts.forEach((t, i) => {
          const value = vs[i];
          if (value !== undefined) points.set(new Date(t).getTime(), value);
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
  }
  const series = new Map<string, Series>();
  for (const spec of specs) {
    const points = byId.get(spec.id) ?? new Map<number, number>();
    const isCount = spec.stat === 'Sum' || spec.stat === 'SampleCount';
    series.set(spec.id, {
      id: spec.id,
      label: spec.label,
      stat: spec.stat,
      timestamps,
      values: timestamps.map((t) => points.get(t) ?? (isCount ? 0 : null)),
    });
  }
  return series;
}

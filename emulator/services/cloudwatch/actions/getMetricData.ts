import { quotas } from '../../../core/quotas';
import type { RequestContext } from '../../../core/service';
import { type MetricDataQueryInput, runMetricDataQueries } from '../metric-data';
import type { CloudWatchStore } from '../store';
import { checkInput, invalidNextToken, invalidParameterValue, requiredTime } from '../validation';

export interface GetMetricDataInput {
  MetricDataQueries?: MetricDataQueryInput[];
  StartTime?: number | string;
  EndTime?: number | string;
  NextToken?: string;
  ScanBy?: 'TimestampDescending' | 'TimestampAscending';
  MaxDatapoints?: number;
  LabelOptions?: { Timezone?: string };
}

export interface MetricDataResult {
  Id: string;
  Label: string;
  /** Epoch seconds. */
  Timestamps: number[];
  Values: number[];
  StatusCode: 'Complete' | 'PartialData';
  Messages: { Code?: string; Value?: string }[];
}

export interface GetMetricDataOutput {
  MetricDataResults: MetricDataResult[];
  NextToken?: string;
  Messages: { Code?: string; Value?: string }[];
}

export const input = {
  MetricDataQueries: { required: true },
  StartTime: { required: true },
  EndTime: { required: true },
  ScanBy: { enum: ['TimestampDescending', 'TimestampAscending'] },
  MaxDatapoints: { min: 1 },
} as const;

function decodeToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o > 0) return parsed.o;
  } catch {
    // falls through to the error below
  }
  throw invalidNextToken();
}

/**
 * Retrieves metric values and metric math results. Periods without data are absent
 * (CloudWatch does not fill them); pages hold at most MaxDatapoints values in all.
 */
export function getMetricData(
  store: CloudWatchStore,
  req: GetMetricDataInput,
  ctx: RequestContext
): GetMetricDataOutput {
  checkInput(req as Record<string, unknown>, input);
  const startMs = requiredTime(req.StartTime, 'StartTime');
  const endMs = requiredTime(req.EndTime, 'EndTime');
  if (startMs >= endMs) {
    throw invalidParameterValue('The parameter StartTime must be less than the parameter EndTime.');
  }
  const results = runMetricDataQueries(
    store,
    req.MetricDataQueries,
    startMs,
    endMs,
    ctx.clock.now()
  );
  const max = Number(req.MaxDatapoints ?? quotas.cloudWatchGetMetricDataMaxDatapoints.value);
  const offset = req.NextToken ? decodeToken(req.NextToken) : 0;
  const descending = (req.ScanBy ?? 'TimestampDescending') === 'TimestampDescending';

  let position = 0;
  let more = false;
  const out: MetricDataResult[] = results.map((r) => {
    const timestamps = descending ? [...r.timestamps].reverse() : r.timestamps;
    const values = descending ? [...r.values].reverse() : r.values;
    const first = Math.max(0, offset - position);
    const last = Math.min(timestamps.length, offset + max - position);
    position += timestamps.length;
    const complete = last >= timestamps.length;
    if (!complete) more = true;
    return {
      Id: r.id,
      Label: r.label,
      Timestamps: first < last ? timestamps.slice(first, last).map((t) => t / 1000) : [],
      Values: first < last ? values.slice(first, last) : [],
      StatusCode: complete ? 'Complete' : 'PartialData',
      Messages: [],
    };
  });
  const output: GetMetricDataOutput = { MetricDataResults: out, Messages: [] };
  if (more) {
    output.NextToken = Buffer.from(JSON.stringify({ o: offset + max })).toString('base64');
  }
  return output;
}

import { quotas } from '../../../core/quotas';
import type { RequestContext } from '../../../core/service';
import type { CloudWatchStore, Dimension } from '../store';
import {
  asList,
  checkInput,
  checkLength,
  invalidNextToken,
  invalidParameterValue,
  required,
} from '../validation';

export interface ListMetricsInput {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name?: string; Value?: string }[];
  NextToken?: string;
  RecentlyActive?: 'PT3H';
  IncludeLinkedAccounts?: boolean;
  OwningAccount?: string;
}

export interface ListedMetric {
  Namespace: string;
  MetricName: string;
  Dimensions: Dimension[];
}

export interface ListMetricsOutput {
  Metrics: ListedMetric[];
  NextToken?: string;
}

export const input = {
  Namespace: { minLength: 1, maxLength: 255 },
  MetricName: { minLength: 1, maxLength: 255 },
  Dimensions: { maxLength: 10 },
  RecentlyActive: { enum: ['PT3H'] },
} as const;

const threeHoursMs = 3 * 3600 * 1000;

/**
 * Lists stored metrics, filtered by namespace, name and dimensions (a metric matches when it has
 * every filter dimension, with the filter's value when one is given; it may have more).
 * Metrics appear as soon as they have data (AWS can take up to 15 minutes).
 */
export function listMetrics(
  store: CloudWatchStore,
  req: ListMetricsInput,
  ctx: RequestContext
): ListMetricsOutput {
  checkInput(req as Record<string, unknown>, input);
  const filterInput = asList<{ Name?: string; Value?: string }>(req.Dimensions, 'Dimensions') ?? [];
  const filters = filterInput.map((d, i) => {
    const name = String(required(d?.Name, `Dimensions.member.${i + 1}.Name`));
    checkLength(name, `Dimensions.member.${i + 1}.Name`, 1, 255);
    if (d.Value !== undefined && d.Value !== null) {
      checkLength(String(d.Value), `Dimensions.member.${i + 1}.Value`, 1, 1024);
    }
    return { name, value: d.Value ?? undefined };
  });
  let offset = 0;
  if (req.NextToken) {
    offset = Number.parseInt(Buffer.from(req.NextToken, 'base64').toString('utf8'), 10);
    if (!Number.isInteger(offset) || offset <= 0) throw invalidNextToken();
  }
  if (req.OwningAccount !== undefined && req.OwningAccount !== ctx.accountId) {
    throw invalidParameterValue(
      `The value ${req.OwningAccount} for parameter OwningAccount is invalid.`
    );
  }
  const since = ctx.clock.now() - threeHoursMs;
  const matches = store
    .all()
    .filter(
      (s) =>
        (req.Namespace === undefined || s.namespace === req.Namespace) &&
        (req.MetricName === undefined || s.metricName === req.MetricName) &&
        (req.RecentlyActive === undefined || s.lastReceived >= since) &&
        filters.every((f) =>
          s.dimensions.some(
            (d) => d.Name === f.name && (f.value === undefined || d.Value === f.value)
          )
        )
    )
    .map((s) => ({
      Namespace: s.namespace,
      MetricName: s.metricName,
      Dimensions: s.dimensions.map((d) => ({ ...d })),
    }))
    .sort((a, b) => {
      const ka = JSON.stringify([a.Namespace, a.MetricName, a.Dimensions]);
      const kb = JSON.stringify([b.Namespace, b.MetricName, b.Dimensions]);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  const pageSize = quotas.cloudWatchListMetricsPageSize.value;
  const page = matches.slice(offset, offset + pageSize);
  const output: ListMetricsOutput = { Metrics: page };
  if (offset + pageSize < matches.length) {
    output.NextToken = Buffer.from(String(offset + pageSize)).toString('base64');
  }
  return output;
}

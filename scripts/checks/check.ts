import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  METRICS_NAMESPACE,
  type MetricName,
  type ScenarioId,
  SERVICE_DIMENSION,
} from '../../infra/names';
import type { MetricSpec } from './metric-query';
import type { StackOutputs } from './stack-outputs';
import type { Condition, Series } from './verdict';

/** The SDK clients a check may use. Only CloudWatch judges; the others find resources or advise. */
export interface CheckClients {
  cloudwatch: CloudWatchClient;
  cloudformation: CloudFormationClient;
  kinesis: KinesisClient;
  lambda: LambdaClient;
  sqs: SQSClient;
}

/** The minutes a check judged. */
export interface JudgedWindow {
  start: number;
  end: number;
  bounded: boolean;
}

/** What a check concluded from the datapoints, before the runner turns it into a verdict. */
export interface Judgement {
  /** Did traffic flow in the window? Without it, the verdict is NOT PROVEN. */
  liveness: Condition;
  health: Condition[];
  advice?: string[];
}

/** One scenario's resolution check. */
export interface ScenarioCheck {
  id: ScenarioId;
  /** What the check proves, in one sentence (docs/checks.md). */
  description: string;
  /** What to run to produce traffic, said when the verdict is NOT PROVEN. */
  trafficHint: string;
  /** The metrics to read, found from the stack's outputs (and, where needed, the resources). */
  metrics(outputs: StackOutputs, clients: CheckClients): Promise<MetricSpec[]>;
  /**
   * Judges the datapoints; pure, so tests can feed it any series. `window.bounded` is true when
   * the window starts at the stack's deployment (or --since): nothing before it counts, so
   * traffic in its first minute started inside it.
   */
  judge(series: Map<string, Series>, outputs: StackOutputs, window: JudgedWindow): Judgement;
  /** Optional configuration advice that never fails the check. */
  advise?(outputs: StackOutputs, clients: CheckClients): Promise<string[]>;
}

/** A custom metric of the lab's functions (Powertools EMF, `service` dimension). */
export function labMetric(
  id: string,
  scenarioId: ScenarioId,
  name: MetricName,
  label: string
): MetricSpec {
  return {
    id,
    label,
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensions: { [SERVICE_DIMENSION]: scenarioId },
    stat: 'Sum',
  };
}

/** A standard AWS metric. */
export function awsMetric(
  id: string,
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
  stat: MetricSpec['stat'],
  label: string
): MetricSpec {
  return { id, label, namespace, metricName, dimensions, stat };
}

/** The series a check asked for; a missing one is a bug in the check. */
export function seriesOf(series: Map<string, Series>, id: string): Series {
  const s = series.get(id);
  if (!s) throw new Error(`check asked for series '${id}' but did not request it`);
  return s;
}

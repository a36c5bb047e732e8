import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { type ScenarioId, stackName } from '../../infra/names';
import type { CheckClients } from '../../scripts/checks/check';

/** The check's clock in tests: 12:00:30 UTC, so the window ends at 12:00. */
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 30);
export const WINDOW_MINUTES = 15;

/**
 * Per query id, one value per minute of the window, oldest first; `undefined` = CloudWatch
 * has no datapoint for that minute.
 */
export type CannedData = Record<string, (number | undefined)[]>;

/** Pads a list of the newest minutes' values to the whole window with missing datapoints. */
export function newest(values: (number | undefined)[]): (number | undefined)[] {
  return [...Array<undefined>(WINDOW_MINUTES - values.length).fill(undefined), ...values];
}

/**
 * SDK clients mocked at the client boundary: DescribeStacks returns `outputs`, GetMetricData
 * answers each query id from `data` (as CloudWatch does: missing minutes are absent), and
 * ListShards / GetFunctionConfiguration / GetQueueAttributes return the given resources.
 */
export function cannedClients(
  id: ScenarioId,
  outputs: Record<string, string>,
  data: CannedData,
  extra: {
    shardIds?: string[];
    functionTimeout?: number;
    visibilityTimeout?: number;
    changedAt?: number;
  } = {}
): CheckClients & { restore: () => void } {
  const cloudformation = mockClient(CloudFormationClient);
  cloudformation.on(DescribeStacksCommand, { StackName: stackName(id) }).resolves({
    Stacks: [
      {
        StackName: stackName(id),
        // Deployed long before the window, unless a test says when it last changed.
        CreationTime: new Date(NOW - 86_400_000),
        LastUpdatedTime: extra.changedAt === undefined ? undefined : new Date(extra.changedAt),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({
          OutputKey,
          OutputValue,
        })),
      },
    ],
  });
  const cloudwatch = mockClient(CloudWatchClient);
  cloudwatch.on(GetMetricDataCommand).callsFake((input) => {
    // The canned minutes are those of the full window ending at NOW; a query over a shorter
    // window sees only the minutes inside it, as CloudWatch would answer.
    const first = Math.floor(NOW / 60_000) * 60_000 - WINDOW_MINUTES * 60_000;
    const from = (input.StartTime as Date).getTime();
    const to = (input.EndTime as Date).getTime();
    return {
      MetricDataResults: (input.MetricDataQueries ?? []).map((q: { Id: string }) => {
        const values = data[q.Id] ?? [];
        const timestamps: Date[] = [];
        const present: number[] = [];
        values.forEach((v, i) => {
          const at = first + i * 60_000;
          if (v !== undefined && at >= from && at < to) {
            timestamps.push(new Date(at));
            present.push(v);
          }
        });
        return {
          Id: q.Id,
          Label: q.Id,
          Timestamps: timestamps,
          Values: present,
          StatusCode: 'Complete',
        };
      }),
    };
  });
  const kinesis = mockClient(KinesisClient);
  kinesis.on(ListShardsCommand).resolves({
    Shards: (extra.shardIds ?? []).map((ShardId) => ({
      ShardId,
      HashKeyRange: { StartingHashKey: '0', EndingHashKey: '1' },
      SequenceNumberRange: { StartingSequenceNumber: '1' },
    })),
  });
  const lambda = mockClient(LambdaClient);
  lambda.on(GetFunctionConfigurationCommand).resolves({ Timeout: extra.functionTimeout ?? 60 });
  const sqs = mockClient(SQSClient);
  sqs.on(GetQueueAttributesCommand).resolves({
    Attributes: { VisibilityTimeout: String(extra.visibilityTimeout ?? 360) },
  });
  return {
    cloudformation: new CloudFormationClient({}),
    cloudwatch: new CloudWatchClient({}),
    kinesis: new KinesisClient({}),
    lambda: new LambdaClient({}),
    sqs: new SQSClient({}),
    restore: () => {
      for (const m of [cloudformation, cloudwatch, kinesis, lambda, sqs]) m.restore();
    },
  };
}

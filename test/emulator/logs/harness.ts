// Builds CloudWatch Logs (wired to a CloudWatch for EMF) on a ManualClock and calls its actions.
import { ManualClock } from '../../../emulator/core/clock';
import type { AwsError } from '../../../emulator/core/errors';
import type { RequestContext } from '../../../emulator/core/service';
import { createCloudWatchService } from '../../../emulator/services/cloudwatch';
import { createLogsService } from '../../../emulator/services/logs';
import { env } from '../cloudwatch/harness';

export const T0 = Date.UTC(2026, 0, 1);

export function setup(now = T0 + 3_600_000) {
  const clock = new ManualClock(now);
  const cloudwatch = createCloudWatchService(env(clock));
  const logs = createLogsService(env(clock), { metrics: cloudwatch.sink });
  const ctx: RequestContext = {
    region: 'us-east-1',
    accountId: '000000000000',
    endpoint: 'http://127.0.0.1:4566',
    clock,
    requestId: 'test',
  };
  // biome-ignore lint/suspicious/noExplicitAny: tests pass JSON-shaped inputs and read outputs
  const call = async (operation: string, input: unknown): Promise<any> => {
    const action = logs.definition.actions[operation];
    if (!action) throw new Error(`no action ${operation}`);
    return action(input, ctx);
  };
  const failure = async (operation: string, input: unknown): Promise<AwsError> => {
    try {
      await call(operation, input);
    } catch (e) {
      return e as AwsError;
    }
    throw new Error(`${operation} did not fail`);
  };
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const metrics = async (input: unknown): Promise<any> => {
    const action =
      cloudwatch.definition.actions[
        Object.keys(input as object).includes('MetricDataQueries')
          ? 'GetMetricData'
          : 'GetMetricStatistics'
      ];
    return action?.(input, ctx);
  };
  return { clock, logs, cloudwatch, ctx, call, failure, metrics };
}

/** Creates a group and a stream. */
export async function groupWithStream(
  call: ReturnType<typeof setup>['call'],
  group = 'g',
  stream = 's'
) {
  await call('CreateLogGroup', { logGroupName: group });
  await call('CreateLogStream', { logGroupName: group, logStreamName: stream });
}

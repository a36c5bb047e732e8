// End to end: the real @aws-sdk/client-cloudwatch (awsJson1_0, query-compatible, gzip for
// bodies >= 10 KB) against an in-process emulator on a random port, with CloudWatch and
// CloudWatch Logs wired in here the way the composition will wire them.
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { CreateStreamCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../emulator/core/clock';
import { type Emulator, startEmulator } from '../../../emulator/emulator';

const T0 = Date.UTC(2026, 0, 1, 1);
let clock: ManualClock;
let emulator: Emulator;
let cloudwatch: CloudWatchClient;

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

beforeAll(async () => {
  clock = new ManualClock(T0);
  emulator = await startEmulator({ port: 0, clock });
  cloudwatch = new CloudWatchClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  cloudwatch.destroy();
  await emulator.close();
});

async function errorOf(
  promise: Promise<unknown>
): Promise<Error & { Code?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

describe('CloudWatch through the SDK', () => {
  it('accepts a gzip-compressed PutMetricData of 300 data and sums them per minute', async () => {
    // Arrange: 300 data over 3 minutes, about 30 KB of JSON (the SDK gzips bodies >= 10 KB)
    const data = Array.from({ length: 300 }, (_, i) => ({
      MetricName: 'TradesSent',
      Dimensions: [{ Name: 'service', Value: `latency-forensics-${'x'.repeat(40)}` }],
      Timestamp: new Date(T0 - 180_000 + i * 600),
      Value: 2,
      Unit: 'Count' as const,
    }));
    const encodings: (string | undefined)[] = [];
    const command = new PutMetricDataCommand({ Namespace: 'Lab', MetricData: data });
    command.middlewareStack.add(
      (next) => async (args) => {
        const headers = (args.request as { headers: Record<string, string> }).headers;
        encodings.push(headers['content-encoding']);
        return next(args);
      },
      { step: 'finalizeRequest' }
    );
    // Act
    await cloudwatch.send(command);
    const out = await cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'Lab',
        MetricName: 'TradesSent',
        Dimensions: [{ Name: 'service', Value: `latency-forensics-${'x'.repeat(40)}` }],
        StartTime: new Date(T0 - 600_000),
        EndTime: new Date(T0),
        Period: 60,
        Statistics: ['Sum', 'SampleCount'],
      })
    );
    // Assert
    expect(encodings).toEqual(['gzip']);
    const points = (out.Datapoints ?? [])
      .sort((a, b) => (a.Timestamp?.getTime() ?? 0) - (b.Timestamp?.getTime() ?? 0))
      .map((d) => [d.Timestamp?.toISOString(), d.Sum, d.SampleCount, d.Unit]);
    expect(points).toEqual([
      ['2026-01-01T00:57:00.000Z', 200, 100, 'Count'],
      ['2026-01-01T00:58:00.000Z', 200, 100, 'Count'],
      ['2026-01-01T00:59:00.000Z', 200, 100, 'Count'],
    ]);
  });

  it('answers GetMetricData with Date timestamps and metric math', async () => {
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'Lab',
        MetricData: [{ MetricName: 'Errors', Value: 3, Timestamp: new Date(T0 - 120_000) }],
      })
    );
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(T0 - 180_000),
        EndTime: new Date(T0),
        MetricDataQueries: [
          {
            Id: 'errors',
            MetricStat: {
              Metric: { Namespace: 'Lab', MetricName: 'Errors' },
              Period: 60,
              Stat: 'Sum',
            },
            ReturnData: false,
          },
          { Id: 'filled', Expression: 'FILL(errors, 0)', Label: 'errors' },
        ],
      })
    );
    expect(out.MetricDataResults).toEqual([
      {
        Id: 'filled',
        Label: 'errors',
        Timestamps: [new Date(T0 - 60_000), new Date(T0 - 120_000), new Date(T0 - 180_000)],
        Values: [0, 3, 0],
        StatusCode: 'Complete',
        Messages: [],
      },
    ]);
  });

  it('surfaces validation errors with their names and query codes', async () => {
    const invalid = await errorOf(
      cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: 'AWS/Lambda',
          MetricData: [{ MetricName: 'A', Value: 1 }],
        })
      )
    );
    const tooMany = await errorOf(
      cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: 'Lab',
          MetricName: 'A',
          StartTime: new Date(T0 - 2 * 86_400_000),
          EndTime: new Date(T0),
          Period: 60,
          Statistics: ['Sum'],
        })
      )
    );
    expect(invalid.name).toBe('InvalidParameterValueException');
    expect(invalid.Code).toBe('InvalidParameterValue');
    expect(invalid.message).toBe('The value AWS/ for parameter Namespace is invalid.');
    expect(tooMany.name).toBe('InvalidParameterCombinationException');
    expect(tooMany.message).toBe(
      'You have requested up to 2,880 datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.'
    );
    expect(tooMany.$metadata?.httpStatusCode).toBe(400);
  });

  it('lists metrics and shows an alarm going to ALARM', async () => {
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: 'errors',
        Namespace: 'Lab',
        MetricName: 'Errors',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      })
    );
    const listed = await cloudwatch.send(
      new ListMetricsCommand({ Namespace: 'Lab', MetricName: 'Errors' })
    );
    const alarms = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['errors'] }));
    expect(listed.Metrics).toEqual([{ Namespace: 'Lab', MetricName: 'Errors', Dimensions: [] }]);
    expect(alarms.MetricAlarms?.[0]?.StateValue).toBe('ALARM');
    expect(alarms.MetricAlarms?.[0]?.StateUpdatedTimestamp).toEqual(new Date(T0));
  });

  it('records the AWS metrics other services emit (Kinesis IncomingRecords)', async () => {
    const kinesis = new KinesisClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    try {
      await kinesis.send(new CreateStreamCommand({ StreamName: 'orders', ShardCount: 1 }));
      await clock.advance(1000);
      await kinesis.send(
        new PutRecordCommand({ StreamName: 'orders', PartitionKey: 'k', Data: new Uint8Array([1]) })
      );
      const out = await cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/Kinesis',
          MetricName: 'IncomingRecords',
          Dimensions: [{ Name: 'StreamName', Value: 'orders' }],
          StartTime: new Date(T0 - 60_000),
          EndTime: new Date(T0 + 120_000),
          Period: 60,
          Statistics: ['Sum'],
        })
      );
      expect(out.Datapoints?.map((d) => d.Sum)).toEqual([1]);
    } finally {
      kinesis.destroy();
    }
  });
});

// End to end: the real @aws-sdk/client-cloudwatch-logs (awsJson1_1) against an in-process
// emulator on a random port, with CloudWatch Logs (and the CloudWatch it feeds) wired in here.
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../emulator/core/clock';
import { type Emulator, startEmulator } from '../../../emulator/emulator';

const T0 = Date.UTC(2026, 0, 1, 1);
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let emulator: Emulator;
let logs: CloudWatchLogsClient;
let cloudwatch: CloudWatchClient;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, clock: new ManualClock(T0) });
  const config = { endpoint: emulator.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
  logs = new CloudWatchLogsClient(config);
  cloudwatch = new CloudWatchClient(config);
});

afterAll(async () => {
  logs.destroy();
  cloudwatch.destroy();
  await emulator.close();
});

describe('CloudWatch Logs through the SDK', () => {
  it('creates, writes, reads and filters', async () => {
    // Arrange
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/processor' }));
    await logs.send(
      new CreateLogStreamCommand({ logGroupName: '/aws/lambda/processor', logStreamName: 's1' })
    );
    // Act
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/aws/lambda/processor',
        logStreamName: 's1',
        logEvents: [
          { timestamp: T0 - 3000, message: 'START RequestId: r1 Version: $LATEST' },
          { timestamp: T0 - 2000, message: '{"level":"ERROR","message":"write throttled"}' },
          { timestamp: T0 - 1000, message: 'r1 Task timed out after 30.03 seconds' },
        ],
      })
    );
    const groups = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' })
    );
    const streams = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: '/aws/lambda/processor',
        orderBy: 'LastEventTime',
        descending: true,
      })
    );
    const read = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/aws/lambda/processor',
        logStreamName: 's1',
        startFromHead: true,
      })
    );
    const timeouts = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/aws/lambda/processor',
        filterPattern: '"Task timed out"',
      })
    );
    const errors = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/aws/lambda/processor',
        filterPattern: '{ $.level = "ERROR" }',
      })
    );
    // Assert
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/lambda/processor']);
    expect(streams.logStreams?.[0]?.lastEventTimestamp).toBe(T0 - 1000);
    expect(read.events?.map((e) => e.message)).toHaveLength(3);
    expect(read.nextForwardToken).toMatch(/^f\/\d{56}\/s$/);
    expect(timeouts.events?.map((e) => e.message)).toEqual([
      'r1 Task timed out after 30.03 seconds',
    ]);
    expect(errors.events?.map((e) => e.logStreamName)).toEqual(['s1']);
  });

  it('pages FilterLogEvents with the SDK paginator', async () => {
    emulator.logs.append(
      '/aws/lambda/many',
      'x',
      Array.from({ length: 25 }, (_, i) => ({ timestamp: T0 - 100 + i, message: `line ${i}` }))
    );
    const seen: string[] = [];
    for await (const page of paginateFilterLogEvents(
      { client: logs, pageSize: 10 },
      { logGroupName: '/aws/lambda/many' }
    )) {
      seen.push(...(page.events ?? []).map((e) => e.message ?? ''));
    }
    expect(seen).toHaveLength(25);
    expect(seen[24]).toBe('line 24');
  });

  it('answers AWS-shaped errors', async () => {
    const missing = await logs
      .send(new GetLogEventsCommand({ logGroupName: 'nope', logStreamName: 's' }))
      .catch((e: Error) => e);
    const badPattern = await logs
      .send(
        new FilterLogEventsCommand({
          logGroupName: '/aws/lambda/processor',
          filterPattern: '[a, b]',
        })
      )
      .catch((e: Error) => e);
    expect((missing as Error).name).toBe('ResourceNotFoundException');
    expect((missing as Error).message).toBe('The specified log group does not exist.');
    expect((badPattern as Error).name).toBe('InvalidParameterException');
  });

  it('turns EMF lines written through the LogSink into metrics', async () => {
    const line = JSON.stringify({
      _aws: {
        Timestamp: T0 - 30_000,
        CloudWatchMetrics: [
          {
            Namespace: 'TelemetryForensicsLab',
            Dimensions: [['service']],
            Metrics: [{ Name: 'TradesSent', Unit: 'Count' }],
          },
        ],
      },
      service: 'latency-forensics',
      TradesSent: 5,
    });
    emulator.logs.append('/aws/lambda/producer', '2026/01/01/[$LATEST]abc', [
      { timestamp: T0 - 30_000, message: line },
    ]);
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(T0 - 300_000),
        EndTime: new Date(T0),
        MetricDataQueries: [
          {
            Id: 'sent',
            MetricStat: {
              Metric: {
                Namespace: 'TelemetryForensicsLab',
                MetricName: 'TradesSent',
                Dimensions: [{ Name: 'service', Value: 'latency-forensics' }],
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
      })
    );
    expect(out.MetricDataResults?.[0]?.Values).toEqual([5]);
    expect(out.MetricDataResults?.[0]?.Timestamps).toEqual([new Date(T0 - 60_000)]);
  });
});

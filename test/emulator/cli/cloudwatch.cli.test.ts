import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../emulator/emulator';
import { awsCli, type CliResult } from '../../helpers/debian-aws';

// Debian's awscli 2.9.x (/usr/bin/aws, installed by .ci/run) sends CloudWatch as awsQuery
// (form in, XML out) and CloudWatch Logs as awsJson1_1; it ignores AWS_ENDPOINT_URL, so every
// command gets --endpoint-url. The emulator runs in-process on the system clock.
let emulator: Emulator;

function aws(...args: string[]): Promise<CliResult> {
  return awsCli(emulator.endpoint, args);
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator.close();
});

describe('Debian awscli: cloudwatch', () => {
  it('put-metric-data, then get-metric-statistics and get-metric-data over awsQuery', async () => {
    // Arrange
    const now = Date.now();
    const at = minute(now) - 120_000;
    const put = await aws(
      'cloudwatch',
      'put-metric-data',
      '--namespace',
      'Lab',
      '--metric-data',
      JSON.stringify([
        {
          MetricName: 'Writes',
          Value: 3,
          Unit: 'Count',
          Dimensions: [{ Name: 'Table', Value: 'trades' }],
          Timestamp: iso(at),
        },
        {
          MetricName: 'Writes',
          Values: [1, 2],
          Counts: [1, 2],
          Unit: 'Count',
          Dimensions: [{ Name: 'Table', Value: 'trades' }],
          Timestamp: iso(at + 5000),
        },
      ])
    );
    // Act
    const stats = await aws(
      'cloudwatch',
      'get-metric-statistics',
      '--namespace',
      'Lab',
      '--metric-name',
      'Writes',
      '--dimensions',
      'Name=Table,Value=trades',
      '--start-time',
      iso(at - 60_000),
      '--end-time',
      iso(now + 60_000),
      '--period',
      '60',
      '--statistics',
      'Sum',
      'SampleCount'
    );
    const data = await aws(
      'cloudwatch',
      'get-metric-data',
      '--start-time',
      iso(at - 60_000),
      '--end-time',
      iso(at + 120_000),
      '--metric-data-queries',
      JSON.stringify([
        {
          Id: 'w',
          MetricStat: {
            Metric: {
              Namespace: 'Lab',
              MetricName: 'Writes',
              Dimensions: [{ Name: 'Table', Value: 'trades' }],
            },
            Period: 60,
            Stat: 'Sum',
          },
          ReturnData: false,
        },
        { Id: 'filled', Expression: 'FILL(w, 0)', Label: 'writes' },
      ])
    );
    // Assert
    expect(put.code).toBe(0);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toEqual({
      Label: 'Writes',
      Datapoints: [
        { Timestamp: iso(at).replace('Z', '+00:00'), Sum: 8, SampleCount: 4, Unit: 'Count' },
      ],
    });
    expect(data.code).toBe(0);
    const result = JSON.parse(data.stdout).MetricDataResults[0];
    expect(result.Id).toBe('filled');
    expect(result.Values).toEqual([0, 8, 0]);
    expect(result.Timestamps[1]).toBe(iso(at).replace('Z', '+00:00'));
  });

  it('shows the AWS error code and message', async () => {
    const out = await aws(
      'cloudwatch',
      'get-metric-statistics',
      '--namespace',
      'Lab',
      '--metric-name',
      'Writes',
      '--start-time',
      '2026-11-20T00:00:00Z',
      '--end-time',
      '2026-11-22T00:00:00Z',
      '--period',
      '60',
      '--statistics',
      'Sum'
    );
    expect(out.code).toBe(254);
    expect(out.stderr).toContain(
      'An error occurred (InvalidParameterCombination) when calling the GetMetricStatistics operation'
    );
    expect(out.stderr).toContain(
      'You have requested up to 2,880 datapoints, which exceeds the limit of 1,440.'
    );
  });

  it('list-metrics, put-metric-alarm and describe-alarms', async () => {
    const listed = await aws(
      'cloudwatch',
      'list-metrics',
      '--namespace',
      'Lab',
      '--dimensions',
      'Name=Table'
    );
    const put = await aws(
      'cloudwatch',
      'put-metric-alarm',
      '--alarm-name',
      'writes',
      '--namespace',
      'Lab',
      '--metric-name',
      'Writes',
      '--dimensions',
      'Name=Table,Value=trades',
      '--statistic',
      'Sum',
      '--period',
      '60',
      '--evaluation-periods',
      '1',
      '--threshold',
      '1',
      '--comparison-operator',
      'GreaterThanOrEqualToThreshold'
    );
    const alarms = await aws('cloudwatch', 'describe-alarms', '--alarm-names', 'writes');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).Metrics).toEqual([
      { Namespace: 'Lab', MetricName: 'Writes', Dimensions: [{ Name: 'Table', Value: 'trades' }] },
    ]);
    expect(put.code).toBe(0);
    expect(alarms.code).toBe(0);
    const alarm = JSON.parse(alarms.stdout).MetricAlarms[0];
    expect(alarm.AlarmName).toBe('writes');
    expect(alarm.Dimensions).toEqual([{ Name: 'Table', Value: 'trades' }]);
    expect(alarm.StateUpdatedTimestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('Debian awscli: logs', () => {
  it('create-log-group, put-log-events, filter-log-events, describe-log-groups and logs tail', async () => {
    const now = Date.now();
    expect(
      (await aws('logs', 'create-log-group', '--log-group-name', '/aws/lambda/cli')).code
    ).toBe(0);
    expect(
      (
        await aws(
          'logs',
          'create-log-stream',
          '--log-group-name',
          '/aws/lambda/cli',
          '--log-stream-name',
          's'
        )
      ).code
    ).toBe(0);
    const put = await aws(
      'logs',
      'put-log-events',
      '--log-group-name',
      '/aws/lambda/cli',
      '--log-stream-name',
      's',
      '--log-events',
      JSON.stringify([
        { timestamp: now - 2000, message: 'START RequestId: r1' },
        { timestamp: now - 1000, message: 'r1 Task timed out after 30.03 seconds' },
      ])
    );
    const filtered = await aws(
      'logs',
      'filter-log-events',
      '--log-group-name',
      '/aws/lambda/cli',
      '--filter-pattern',
      '"Task timed out"'
    );
    const groups = await aws(
      'logs',
      'describe-log-groups',
      '--log-group-name-prefix',
      '/aws/lambda/'
    );
    const tail = await aws('logs', 'tail', '/aws/lambda/cli', '--since', '1h', '--format', 'short');
    expect(put.code).toBe(0);
    expect(filtered.code).toBe(0);
    expect(JSON.parse(filtered.stdout).events.map((e: { message: string }) => e.message)).toEqual([
      'r1 Task timed out after 30.03 seconds',
    ]);
    expect(
      JSON.parse(groups.stdout).logGroups.map((g: { logGroupName: string }) => g.logGroupName)
    ).toEqual(['/aws/lambda/cli']);
    expect(tail.code).toBe(0);
    expect(tail.stdout).toContain('START RequestId: r1');
    expect(tail.stdout).toContain('Task timed out after 30.03 seconds');
  });
});

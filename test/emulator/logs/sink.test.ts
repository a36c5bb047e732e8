import { describe, expect, it } from 'vitest';
import { setup } from './harness';

const powertoolsLine = (timestamp: number, sent: number | number[]) =>
  JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: 'TelemetryForensicsLab',
          Dimensions: [['service']],
          Metrics: [{ Name: 'TradesSent', Unit: 'Count' }],
        },
      ],
    },
    service: 'latency-forensics',
    TradesSent: sent,
  });

describe('LogSink', () => {
  it('creates the group and stream on first write', async () => {
    const s = setup();
    s.logs.sink.append('/aws/lambda/f', '2026/01/01/[$LATEST]abc', [
      { timestamp: s.clock.now(), message: 'hello' },
    ]);
    const groups = await s.call('DescribeLogGroups', {});
    const events = await s.call('GetLogEvents', {
      logGroupName: '/aws/lambda/f',
      logStreamName: '2026/01/01/[$LATEST]abc',
    });
    expect(groups.logGroups.map((g: { logGroupName: string }) => g.logGroupName)).toEqual([
      '/aws/lambda/f',
    ]);
    expect(events.events.map((e: { message: string }) => e.message)).toEqual(['hello']);
  });

  it('turns EMF lines into metrics GetMetricData can read', async () => {
    // Arrange: three invocations over two minutes
    const s = setup();
    const t = s.clock.now() - 180_000; // a minute boundary
    // Act
    s.logs.sink.append('/aws/lambda/producer', 'x', [
      { timestamp: t + 1000, message: powertoolsLine(t + 1000, 1) },
      { timestamp: t + 2000, message: 'not a metric' },
      { timestamp: t + 30_000, message: powertoolsLine(t + 30_000, [2, 3]) },
    ]);
    s.logs.sink.append('/aws/lambda/producer', 'y', [
      { timestamp: t + 70_000, message: powertoolsLine(t + 70_000, 4) },
    ]);
    const out = await s.metrics({
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
      StartTime: (t - 60_000) / 1000,
      EndTime: s.clock.now() / 1000,
      ScanBy: 'TimestampAscending',
    });
    // Assert
    expect(out.MetricDataResults[0].Timestamps).toEqual([t / 1000, (t + 60_000) / 1000]);
    expect(out.MetricDataResults[0].Values).toEqual([6, 4]);
  });

  it('counts invalid EMF in AWS/Logs EMFValidationErrors and EMFParsingErrors', async () => {
    const s = setup();
    const t = s.clock.now();
    s.logs.sink.append('/aws/lambda/f', 'x', [
      {
        timestamp: t,
        message: JSON.stringify({
          _aws: { Timestamp: t, CloudWatchMetrics: [{ Namespace: 'AWS/Nope', Metrics: [] }] },
        }),
      },
      { timestamp: t, message: '{"_aws": oops' },
    ]);
    const stat = (name: string) =>
      s.metrics({
        Namespace: 'AWS/Logs',
        MetricName: name,
        Dimensions: [{ Name: 'LogGroupName', Value: '/aws/lambda/f' }],
        StartTime: (t - 60_000) / 1000,
        EndTime: (t + 60_000) / 1000,
        Period: 60,
        Statistics: ['Sum'],
      });
    expect((await stat('EMFValidationErrors')).Datapoints[0].Sum).toBe(1);
    expect((await stat('EMFParsingErrors')).Datapoints[0].Sum).toBe(1);
    expect((await stat('IncomingLogEvents')).Datapoints[0].Sum).toBe(2);
  });

  it('does not extract EMF from PutLogEvents (AWS needs the json/emf header for that)', async () => {
    const s = setup();
    await s.call('CreateLogGroup', { logGroupName: 'g' });
    await s.call('CreateLogStream', { logGroupName: 'g', logStreamName: 's' });
    const t = s.clock.now();
    await s.call('PutLogEvents', {
      logGroupName: 'g',
      logStreamName: 's',
      logEvents: [{ timestamp: t, message: powertoolsLine(t, 1) }],
    });
    expect(s.cloudwatch.store.all()).toEqual([]);
  });

  it('bounds memory per group by dropping the oldest events', async () => {
    const s = setup();
    const { createLogsService } = await import('../../../emulator/services/logs');
    const { env } = await import('../cloudwatch/harness');
    const logs = createLogsService(env(s.clock), { metrics: null, maxGroupBytes: 10_000 });
    const t = s.clock.now();
    for (let i = 0; i < 100; i++)
      logs.sink.append('g', 's', [{ timestamp: t + i, message: 'x'.repeat(974) }]);
    const group = logs.store.groups.get('g');
    expect(group?.storedBytes).toBeLessThanOrEqual(10_000);
    expect(group?.streams.get('s')?.events.at(-1)?.timestamp).toBe(t + 99);
  });
});

import { describe, expect, it } from 'vitest';
import { sec, setup, T0 } from './harness';

const day = 86_400_000;

describe('CloudWatch retention', () => {
  it('forgets minute data after 15 days on the emulator clock', async () => {
    // Arrange
    const { call, clock } = setup(T0);
    await call('PutMetricData', { Namespace: 'Lab', MetricData: [{ MetricName: 'A', Value: 1 }] });
    // Act
    await clock.advance(15 * day + 60_000);
    await call('PutMetricData', { Namespace: 'Lab', MetricData: [{ MetricName: 'B', Value: 1 }] });
    const listed = await call('ListMetrics', { Namespace: 'Lab' });
    // Assert
    expect(listed.Metrics.map((m: { MetricName: string }) => m.MetricName)).toEqual(['B']);
  });

  it('rolls second data older than 3 hours into minutes', async () => {
    const { call, clock } = setup(T0);
    await call('PutMetricData', {
      Namespace: 'Lab',
      MetricData: [
        { MetricName: 'A', Value: 1, StorageResolution: 1, Timestamp: sec(T0 + 5_000) },
        { MetricName: 'A', Value: 2, StorageResolution: 1, Timestamp: sec(T0 + 15_000) },
      ],
    });
    const query = {
      Namespace: 'Lab',
      MetricName: 'A',
      StartTime: sec(T0),
      EndTime: sec(T0 + 60_000),
      Statistics: ['Sum'],
    };
    const fresh = await call('GetMetricStatistics', { ...query, Period: 10 });
    await clock.advance(3 * 3_600_000 + 120_000);
    await call('PutMetricData', { Namespace: 'Lab', MetricData: [{ MetricName: 'B', Value: 1 }] });
    const rolled = await call('GetMetricStatistics', { ...query, Period: 10 });
    const minute = await call('GetMetricStatistics', { ...query, Period: 60 });
    expect(fresh.Datapoints.map((d: { Sum: number }) => d.Sum)).toEqual([1, 2]);
    expect(rolled.Datapoints.map((d: { Sum: number }) => d.Sum)).toEqual([3]);
    expect(minute.Datapoints.map((d: { Sum: number }) => d.Sum)).toEqual([3]);
  });

  it('keeps memory per metric bounded: one statistic set per minute, not one per datum', async () => {
    const { cw } = setup(T0);
    for (let i = 0; i < 10_000; i++) {
      cw.sink.record({
        namespace: 'AWS/Kinesis',
        metricName: 'IncomingRecords',
        dimensions: { StreamName: 's' },
        value: 1,
        unit: 'Count',
        timestamp: T0 + (i % 60) * 1000,
      });
    }
    const series = cw.store.get('AWS/Kinesis', 'IncomingRecords', [
      { Name: 'StreamName', Value: 's' },
    ]);
    const unit = series?.units.get('Count');
    expect(unit?.minutes.size).toBe(1);
    expect(unit?.minutes.get(T0)?.count).toBe(10_000);
    expect(unit?.minutes.get(T0)?.values?.size).toBe(1);
  });
});

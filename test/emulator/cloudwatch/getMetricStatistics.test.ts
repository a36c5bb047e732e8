import { describe, expect, it } from 'vitest';
import { sec, setup, T0 } from './harness';

const now = T0 + 3_600_000; // 01:00
const m = (minutes: number, seconds = 0) => T0 + minutes * 60_000 + seconds * 1000;

async function put(
  call: ReturnType<typeof setup>['call'],
  points: [number, number][],
  extra: object = {}
) {
  await call('PutMetricData', {
    Namespace: 'Lab',
    MetricData: points.map(([t, v]) => ({
      MetricName: 'Writes',
      Value: v,
      Timestamp: sec(t),
      Unit: 'Count',
      Dimensions: [{ Name: 'Table', Value: 'trades' }],
      ...extra,
    })),
  });
}

function query(extra: object = {}) {
  return {
    Namespace: 'Lab',
    MetricName: 'Writes',
    Dimensions: [{ Name: 'Table', Value: 'trades' }],
    StartTime: sec(m(0)),
    EndTime: sec(m(10)),
    Period: 60,
    Statistics: ['Sum', 'Average', 'Maximum', 'Minimum', 'SampleCount'],
    ...extra,
  };
}

describe('GetMetricStatistics', () => {
  describe('validations', () => {
    it('requires Period', async () => {
      const { failure } = setup(now);
      const e = await failure('GetMetricStatistics', { ...query(), Period: undefined });
      expect(e.code).toBe('MissingRequiredParameterException');
      expect(e.message).toBe('The parameter Period is required.');
    });

    it('refuses a period that is not 1, 5, 10, 20, 30 or a multiple of 60', async () => {
      const { failure } = setup(now);
      const e = await failure('GetMetricStatistics', query({ Period: 45 }));
      expect(e.code).toBe('InvalidParameterValueException');
      expect(e.message).toBe('The parameter Period must be a multiple of 60.');
    });

    it('refuses more than 1,440 datapoints, in AWS words', async () => {
      const { failure } = setup(now + 86_400_000);
      const e = await failure(
        'GetMetricStatistics',
        query({ StartTime: sec(m(0)), EndTime: sec(m(0) + 86_400_000 + 60_000) })
      );
      expect(e.code).toBe('InvalidParameterCombinationException');
      expect(e.queryCode).toBe('InvalidParameterCombination');
      expect(e.message).toBe(
        'You have requested up to 1,441 datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.'
      );
    });

    it('accepts exactly 1,440 datapoints', async () => {
      const { call } = setup(now + 86_400_000);
      const out = await call(
        'GetMetricStatistics',
        query({ StartTime: sec(m(0)), EndTime: sec(m(0) + 86_400_000) })
      );
      expect(out.Datapoints).toEqual([]);
    });

    it('refuses Statistics together with ExtendedStatistics', async () => {
      const { failure } = setup(now);
      const e = await failure('GetMetricStatistics', query({ ExtendedStatistics: ['p99'] }));
      expect(e.code).toBe('InvalidParameterCombinationException');
      expect(e.message).toBe(
        'The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.'
      );
    });

    it('refuses an unknown statistic', async () => {
      const { failure } = setup(now);
      const e = await failure('GetMetricStatistics', query({ Statistics: ['Avg'] }));
      expect(e.code).toBe('ValidationException');
      expect(e.message).toBe(
        "1 validation error detected: Value '[Avg]' at 'statistics' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [Maximum, SampleCount, Sum, Minimum, Average]]"
      );
    });

    it('refuses a StartTime that is not before EndTime', async () => {
      const { failure } = setup(now);
      const e = await failure('GetMetricStatistics', query({ StartTime: sec(m(10)) }));
      expect(e.message).toBe('The parameter StartTime must be less than the parameter EndTime.');
    });
  });

  describe('functionality', () => {
    it('computes Sum, Average, Maximum, Minimum and SampleCount per minute', async () => {
      // Arrange: three writes in minute 1, two in minute 2
      const { call } = setup(now);
      await put(call, [
        [m(1, 5), 1],
        [m(1, 30), 4],
        [m(1, 59), 7],
        [m(2, 0), 10],
        [m(2, 45), 20],
      ]);
      // Act
      const out = await call('GetMetricStatistics', query());
      // Assert
      expect(out.Label).toBe('Writes');
      expect(out.Datapoints).toEqual([
        {
          Timestamp: sec(m(1)),
          Sum: 12,
          Average: 4,
          Maximum: 7,
          Minimum: 1,
          SampleCount: 3,
          Unit: 'Count',
        },
        {
          Timestamp: sec(m(2)),
          Sum: 30,
          Average: 15,
          Maximum: 20,
          Minimum: 10,
          SampleCount: 2,
          Unit: 'Count',
        },
      ]);
    });

    it('returns no datapoint for minutes without data', async () => {
      const { call } = setup(now);
      await put(call, [
        [m(1), 1],
        [m(4), 1],
      ]);
      const out = await call('GetMetricStatistics', query({ Statistics: ['Sum'] }));
      expect(out.Datapoints.map((d: { Timestamp: number }) => d.Timestamp)).toEqual([
        sec(m(1)),
        sec(m(4)),
      ]);
    });

    it('rounds StartTime down to the minute and starts periods there', async () => {
      const { call } = setup(now);
      await put(call, [
        [m(2, 10), 1],
        [m(6, 59), 2],
        [m(7, 0), 4],
      ]);
      // Periods of 5 minutes from 00:02 (StartTime 00:02:40 rounded down): [02, 07), [07, 12)
      const out = await call(
        'GetMetricStatistics',
        query({ StartTime: sec(m(2, 40)), EndTime: sec(m(12)), Period: 300, Statistics: ['Sum'] })
      );
      expect(out.Datapoints).toEqual([
        { Timestamp: sec(m(2)), Sum: 3, Unit: 'Count' },
        { Timestamp: sec(m(7)), Sum: 4, Unit: 'Count' },
      ]);
    });

    it('excludes data at or after EndTime', async () => {
      const { call } = setup(now);
      await put(call, [
        [m(1), 1],
        [m(3), 5],
      ]);
      const out = await call(
        'GetMetricStatistics',
        query({ EndTime: sec(m(3)), Statistics: ['Sum'] })
      );
      expect(out.Datapoints).toEqual([{ Timestamp: sec(m(1)), Sum: 1, Unit: 'Count' }]);
    });

    it('matches the dimension set exactly', async () => {
      const { call } = setup(now);
      await put(call, [[m(1), 1]], {
        Dimensions: [
          { Name: 'Table', Value: 'trades' },
          { Name: 'Operation', Value: 'PutItem' },
        ],
      });
      const subset = await call('GetMetricStatistics', query({ Statistics: ['Sum'] }));
      const none = await call(
        'GetMetricStatistics',
        query({ Statistics: ['Sum'], Dimensions: [] })
      );
      const exact = await call(
        'GetMetricStatistics',
        query({
          Statistics: ['Sum'],
          // in another order: a dimension set is a set
          Dimensions: [
            { Name: 'Operation', Value: 'PutItem' },
            { Name: 'Table', Value: 'trades' },
          ],
        })
      );
      expect(subset.Datapoints).toEqual([]);
      expect(none.Datapoints).toEqual([]);
      expect(exact.Datapoints).toEqual([{ Timestamp: sec(m(1)), Sum: 1, Unit: 'Count' }]);
    });

    it('filters by unit and keeps units apart', async () => {
      const { call } = setup(now);
      await put(call, [[m(1), 1]]);
      await put(call, [[m(1), 100]], { Unit: 'Bytes' });
      const counts = await call(
        'GetMetricStatistics',
        query({ Statistics: ['Sum'], Unit: 'Count' })
      );
      const seconds = await call(
        'GetMetricStatistics',
        query({ Statistics: ['Sum'], Unit: 'Seconds' })
      );
      const all = await call('GetMetricStatistics', query({ Statistics: ['Sum'] }));
      expect(counts.Datapoints).toEqual([{ Timestamp: sec(m(1)), Sum: 1, Unit: 'Count' }]);
      expect(seconds.Datapoints).toEqual([]);
      expect(all.Datapoints).toEqual([
        { Timestamp: sec(m(1)), Sum: 100, Unit: 'Bytes' },
        { Timestamp: sec(m(1)), Sum: 1, Unit: 'Count' },
      ]);
    });

    it('computes percentiles by nearest rank', async () => {
      const { call } = setup(now);
      await put(
        call,
        Array.from({ length: 100 }, (_, i) => [m(1, i % 60), i + 1] as [number, number])
      );
      const out = await call(
        'GetMetricStatistics',
        query({ Statistics: undefined, ExtendedStatistics: ['p50', 'p99', 'p99.9'] })
      );
      expect(out.Datapoints).toEqual([
        {
          Timestamp: sec(m(1)),
          Unit: 'Count',
          ExtendedStatistics: { p50: 50, p99: 99, 'p99.9': 100 },
        },
      ]);
    });

    it('serves high-resolution data at sub-minute periods', async () => {
      const { call } = setup(now);
      await put(
        call,
        [
          [m(1, 1), 1],
          [m(1, 9), 2],
          [m(1, 12), 4],
        ],
        { StorageResolution: 1 }
      );
      const tenSeconds = await call(
        'GetMetricStatistics',
        query({ Statistics: ['Sum'], Period: 10 })
      );
      const minute = await call('GetMetricStatistics', query({ Statistics: ['Sum'] }));
      expect(tenSeconds.Datapoints).toEqual([
        { Timestamp: sec(m(1)), Sum: 3, Unit: 'Count' },
        { Timestamp: sec(m(1, 10)), Sum: 4, Unit: 'Count' },
      ]);
      expect(minute.Datapoints).toEqual([{ Timestamp: sec(m(1)), Sum: 7, Unit: 'Count' }]);
    });

    it('reads metrics other services record through the sink', async () => {
      const { call, cw } = setup(now);
      cw.sink.record({
        namespace: 'AWS/Kinesis',
        metricName: 'IncomingRecords',
        dimensions: { StreamName: 'orders' },
        value: 500,
        unit: 'Count',
        timestamp: m(3, 20),
      });
      const out = await call('GetMetricStatistics', {
        Namespace: 'AWS/Kinesis',
        MetricName: 'IncomingRecords',
        Dimensions: [{ Name: 'StreamName', Value: 'orders' }],
        StartTime: sec(m(0)),
        EndTime: sec(m(10)),
        Period: 60,
        Statistics: ['Sum'],
      });
      expect(out.Datapoints).toEqual([{ Timestamp: sec(m(3)), Sum: 500, Unit: 'Count' }]);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { quotas } from '../../../emulator/core/quotas';
import { sec, setup, T0 } from './harness';

const now = T0 + 3_600_000;

function stats(call: ReturnType<typeof setup>['call'], name: string, extra: object = {}) {
  return call('GetMetricStatistics', {
    Namespace: 'Lab',
    MetricName: name,
    StartTime: sec(now - 600_000),
    EndTime: sec(now + 60_000),
    Period: 60,
    Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum', 'Average'],
    ...extra,
  });
}

describe('PutMetricData', () => {
  describe('validations', () => {
    it('requires a Namespace', async () => {
      // Arrange
      const { failure } = setup();
      // Act
      const e = await failure('PutMetricData', { MetricData: [{ MetricName: 'A', Value: 1 }] });
      // Assert
      expect(e.code).toBe('MissingRequiredParameterException');
      expect(e.queryCode).toBe('MissingParameter');
      expect(e.message).toBe('The parameter Namespace is required.');
    });

    it('refuses the AWS/ namespaces', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricData', {
        Namespace: 'AWS/Lambda',
        MetricData: [{ MetricName: 'A', Value: 1 }],
      });
      expect(e.code).toBe('InvalidParameterValueException');
      expect(e.message).toBe('The value AWS/ for parameter Namespace is invalid.');
    });

    it('requires MetricData', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricData', { Namespace: 'Lab' });
      expect(e.code).toBe('MissingRequiredParameterException');
      expect(e.message).toBe('The parameter MetricData is required.');
    });

    it(`refuses more than ${quotas.cloudWatchPutMetricDataMetrics.value} metrics`, async () => {
      const { failure } = setup();
      const data = Array.from({ length: 1001 }, () => ({ MetricName: 'A', Value: 1 }));
      const e = await failure('PutMetricData', { Namespace: 'Lab', MetricData: data });
      expect(e.code).toBe('InvalidParameterValueException');
      expect(e.message).toBe('The collection MetricData must not have a size greater than 1000.');
    });

    it('refuses more than 30 dimensions on a metric', async () => {
      const { failure } = setup();
      const dims = Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: 'v' }));
      const e = await failure('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [{ MetricName: 'A', Value: 1, Dimensions: dims }],
      });
      expect(e.code).toBe('InvalidParameterValueException');
      expect(e.message).toBe(
        'The collection MetricData.member.1.Dimensions must not have a size greater than 30.'
      );
    });

    it('refuses Value together with StatisticValues', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [
          { MetricName: 'A', Value: 1 },
          {
            MetricName: 'B',
            Value: 1,
            StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 },
          },
        ],
      });
      expect(e.code).toBe('InvalidParameterCombinationException');
      expect(e.queryCode).toBe('InvalidParameterCombination');
      expect(e.message).toBe(
        'The parameters MetricData.member.2.Value and MetricData.member.2.StatisticValues are mutually exclusive and you have specified both.'
      );
    });

    it('refuses NaN sent as the string the SDK writes', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [{ MetricName: 'A', Value: 'NaN' }],
      });
      expect(e.code).toBe('InvalidParameterValueException');
      expect(e.message).toBe('The value NaN for parameter MetricData.member.1.Value is invalid.');
    });

    it('refuses values beyond 2^360', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [{ MetricName: 'A', Value: 2 ** 361 }],
      });
      expect(e.message).toMatch(
        /^The value .* for parameter MetricData.member.1.Value is invalid\.$/
      );
    });

    it('refuses timestamps more than two weeks old', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [{ MetricName: 'A', Value: 1, Timestamp: sec(now - 15 * 86_400_000) }],
      });
      expect(e.code).toBe('InvalidParameterValueException');
      expect(e.message).toBe(
        'The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.'
      );
    });

    it('refuses a unit outside StandardUnit', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [{ MetricName: 'A', Value: 1, Unit: 'Things' }],
      });
      expect(e.code).toBe('ValidationException');
      expect(e.queryCode).toBe('ValidationError');
      expect(e.message).toMatch(
        /^1 validation error detected: Value 'Things' at 'metricData\.1\.member\.unit' failed to satisfy constraint: Member must satisfy enum value set: \[Seconds, /
      );
    });

    it('refuses a StorageResolution other than 1 or 60', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [{ MetricName: 'A', Value: 1, StorageResolution: 5 }],
      });
      expect(e.message).toBe(
        'The value 5 for parameter MetricData.member.1.StorageResolution is invalid.'
      );
    });

    it('refuses Values and Counts of different sizes', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [{ MetricName: 'A', Values: [1, 2], Counts: [1] }],
      });
      expect(e.message).toBe(
        'The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.'
      );
    });

    it('stores nothing when one datum is invalid', async () => {
      const { call, failure } = setup();
      await failure('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [
          { MetricName: 'Good', Value: 1 },
          { MetricName: 'Bad', Value: 'Infinity' },
        ],
      });
      const out = await call('ListMetrics', { Namespace: 'Lab' });
      expect(out.Metrics).toEqual([]);
    });
  });

  describe('functionality', () => {
    it('stores single values, value arrays with counts and statistic sets', async () => {
      // Arrange
      const { call } = setup(now);
      // Act
      await call('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [
          { MetricName: 'Latency', Value: 10, Unit: 'Milliseconds', Timestamp: sec(now - 120_000) },
          {
            MetricName: 'Latency',
            Values: [20, 30],
            Counts: [2, 1],
            Unit: 'Milliseconds',
            Timestamp: sec(now - 110_000),
          },
          {
            MetricName: 'Latency',
            StatisticValues: { SampleCount: 4, Sum: 400, Minimum: 50, Maximum: 150 },
            Unit: 'Milliseconds',
            Timestamp: sec(now - 100_000),
          },
        ],
      });
      const out = await stats(call, 'Latency');
      // Assert: 1 + 3 + 4 samples, 10 + 70 + 400 in the minute starting at now - 120 s
      expect(out.Datapoints).toEqual([
        {
          Timestamp: sec(now - 120_000),
          SampleCount: 8,
          Sum: 480,
          Minimum: 10,
          Maximum: 150,
          Average: 60,
          Unit: 'Milliseconds',
        },
      ]);
    });

    it('dates data without a Timestamp at the emulator clock', async () => {
      const { call } = setup(now + 30_000);
      await call('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [{ MetricName: 'A', Value: 3 }],
      });
      const out = await stats(call, 'A');
      expect(out.Datapoints.map((d: { Timestamp: number }) => d.Timestamp)).toEqual([sec(now)]);
    });

    it('defaults the unit to None', async () => {
      const { call } = setup(now);
      await call('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [{ MetricName: 'A', Value: 3 }],
      });
      const out = await stats(call, 'A');
      expect(out.Datapoints[0].Unit).toBe('None');
    });
  });
});

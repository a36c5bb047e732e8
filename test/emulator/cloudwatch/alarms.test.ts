import { describe, expect, it } from 'vitest';
import { sec, setup, T0 } from './harness';

const alarm = {
  AlarmName: 'pipe-failures',
  Namespace: 'Lab',
  MetricName: 'ExecutionFailed',
  Dimensions: [{ Name: 'PipeName', Value: 'p1' }],
  Statistic: 'Sum',
  Period: 60,
  EvaluationPeriods: 1,
  Threshold: 1,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
};

async function fail(call: ReturnType<typeof setup>['call'], at: number, value = 1) {
  await call('PutMetricData', {
    Namespace: 'Lab',
    MetricData: [
      {
        MetricName: 'ExecutionFailed',
        Dimensions: [{ Name: 'PipeName', Value: 'p1' }],
        Value: value,
        Timestamp: sec(at),
      },
    ],
  });
}

async function state(call: ReturnType<typeof setup>['call'], name = 'pipe-failures') {
  const out = await call('DescribeAlarms', { AlarmNames: [name] });
  return out.MetricAlarms[0];
}

describe('PutMetricAlarm', () => {
  describe('validations', () => {
    it('requires EvaluationPeriods', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricAlarm', { ...alarm, EvaluationPeriods: undefined });
      expect(e.code).toBe('MissingRequiredParameterException');
      expect(e.message).toBe('The parameter EvaluationPeriods is required.');
    });

    it('refuses an unknown comparison operator', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricAlarm', { ...alarm, ComparisonOperator: 'Above' });
      expect(e.code).toBe('ValidationException');
      expect(e.message).toMatch(
        /^1 validation error detected: Value 'Above' at 'comparisonOperator'/
      );
    });

    it('refuses Statistic together with ExtendedStatistic', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricAlarm', { ...alarm, ExtendedStatistic: 'p99' });
      expect(e.code).toBe('InvalidParameterCombinationException');
    });

    it('refuses an unknown TreatMissingData', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricAlarm', { ...alarm, TreatMissingData: 'zero' });
      expect(e.message).toBe(
        'Option zero is not supported. Supported options for parameter TreatMissingData are breaching, notBreaching, ignore and missing.'
      );
    });

    it('says so for anomaly detection, which it does not implement', async () => {
      const { failure } = setup();
      const e = await failure('PutMetricAlarm', {
        ...alarm,
        ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
      });
      expect(e.message).toMatch(/not supported by the emulator/);
    });
  });

  describe('functionality', () => {
    it('starts in INSUFFICIENT_DATA without data', async () => {
      const { call } = setup();
      await call('PutMetricAlarm', alarm);
      const a = await state(call);
      expect(a.StateValue).toBe('INSUFFICIENT_DATA');
      expect(a.AlarmArn).toBe('arn:aws:cloudwatch:us-east-1:000000000000:alarm:pipe-failures');
    });

    it('goes to ALARM once a completed period breaches, and back to OK', async () => {
      // Arrange: 00:59:30, one failure in the current minute
      const { call, clock } = setup(T0 + 3_570_000);
      await call('PutMetricAlarm', { ...alarm, TreatMissingData: 'notBreaching' });
      await fail(call, clock.now());
      // Act + Assert: the minute is not complete yet
      expect((await state(call)).StateValue).toBe('OK');
      await clock.advance(30_000); // 01:00:00, the 00:59 period is complete
      const breached = await state(call);
      expect(breached.StateValue).toBe('ALARM');
      expect(breached.StateReason).toBe(
        'Threshold Crossed: 1 datapoint [1.0 (01/01/26 00:59:00)] was greater than or equal to the threshold (1.0).'
      );
      await clock.advance(60_000); // 01:01, no failure in 01:00
      expect((await state(call)).StateValue).toBe('OK');
    });

    it('needs DatapointsToAlarm of EvaluationPeriods breaching periods', async () => {
      const { call, clock } = setup(T0 + 3_600_000);
      await call('PutMetricAlarm', { ...alarm, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
      await fail(call, T0 + 3_600_000);
      await fail(call, T0 + 3_660_000, 0);
      await clock.advance(180_000); // 01:03: periods 01:00, 01:01, 01:02
      expect((await state(call)).StateValue).toBe('OK');
      await fail(call, T0 + 3_780_000);
      await clock.advance(60_000); // 01:04: periods 01:01 (0), 01:02 (missing -> skipped), 01:03 (1)
      expect((await state(call)).StateValue).toBe('OK');
      await fail(call, T0 + 3_840_000, 5);
      await clock.advance(60_000); // 01:05: periods 01:02 (missing), 01:03 (1), 01:04 (5)
      expect((await state(call)).StateValue).toBe('ALARM');
    });

    it('treats missing data as breaching when told to', async () => {
      const { call, clock } = setup();
      await call('PutMetricAlarm', { ...alarm, TreatMissingData: 'breaching' });
      await clock.advance(60_000);
      expect((await state(call)).StateValue).toBe('ALARM');
    });

    it('evaluates metric math alarms', async () => {
      const { call, clock } = setup(T0 + 3_600_000);
      await call('PutMetricAlarm', {
        AlarmName: 'ratio',
        EvaluationPeriods: 1,
        Threshold: 50,
        ComparisonOperator: 'GreaterThanThreshold',
        Metrics: [
          {
            Id: 'f',
            MetricStat: {
              Metric: {
                Namespace: 'Lab',
                MetricName: 'ExecutionFailed',
                Dimensions: [{ Name: 'PipeName', Value: 'p1' }],
              },
              Period: 60,
              Stat: 'Sum',
            },
            ReturnData: false,
          },
          { Id: 'pct', Expression: '100 * f / 2', ReturnData: true },
        ],
      });
      await fail(call, T0 + 3_600_000, 3);
      await clock.advance(60_000);
      expect((await state(call, 'ratio')).StateValue).toBe('ALARM');
    });

    it('keeps a state set with SetAlarmState until the next period', async () => {
      const { call, clock } = setup(T0 + 3_600_000);
      await call('PutMetricAlarm', alarm);
      await call('SetAlarmState', {
        AlarmName: 'pipe-failures',
        StateValue: 'ALARM',
        StateReason: 'test',
      });
      expect((await state(call)).StateValue).toBe('ALARM');
      await clock.advance(60_000);
      expect((await state(call)).StateValue).toBe('INSUFFICIENT_DATA');
    });

    it('is available to the CloudFormation interpreter without a request', async () => {
      const { call, cw } = setup();
      cw.putAlarm({ ...alarm, AlarmName: 'from-template' });
      const out = await call('DescribeAlarms', { AlarmNamePrefix: 'from-' });
      expect(out.MetricAlarms.map((a: { AlarmName: string }) => a.AlarmName)).toEqual([
        'from-template',
      ]);
      cw.deleteAlarm('from-template');
      expect((await call('DescribeAlarms', {})).MetricAlarms).toEqual([]);
    });
  });
});

describe('DescribeAlarms', () => {
  describe('validations', () => {
    it('refuses AlarmNames with AlarmNamePrefix', async () => {
      const { failure } = setup();
      const e = await failure('DescribeAlarms', { AlarmNames: ['a'], AlarmNamePrefix: 'a' });
      expect(e.code).toBe('InvalidParameterCombinationException');
    });
  });

  describe('functionality', () => {
    it('filters by state value', async () => {
      const { call, clock } = setup();
      await call('PutMetricAlarm', alarm);
      await call('PutMetricAlarm', {
        ...alarm,
        AlarmName: 'always',
        TreatMissingData: 'breaching',
      });
      await clock.advance(60_000);
      const out = await call('DescribeAlarms', { StateValue: 'ALARM' });
      expect(out.MetricAlarms.map((a: { AlarmName: string }) => a.AlarmName)).toEqual(['always']);
      expect(out.CompositeAlarms).toEqual([]);
    });
  });
});

describe('DeleteAlarms', () => {
  it('deletes alarms', async () => {
    const { call } = setup();
    await call('PutMetricAlarm', alarm);
    await call('DeleteAlarms', { AlarmNames: ['pipe-failures'] });
    expect((await call('DescribeAlarms', {})).MetricAlarms).toEqual([]);
  });

  it('deletes nothing when a name does not exist', async () => {
    const { call, failure } = setup();
    await call('PutMetricAlarm', alarm);
    const e = await failure('DeleteAlarms', { AlarmNames: ['pipe-failures', 'nope'] });
    expect(e.code).toBe('ResourceNotFound');
    expect(e.status).toBe(404);
    expect((await call('DescribeAlarms', {})).MetricAlarms).toHaveLength(1);
  });
});

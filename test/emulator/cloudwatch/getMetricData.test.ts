import { describe, expect, it } from 'vitest';
import { sec, setup, T0 } from './harness';

const now = T0 + 3_600_000;
const m = (minutes: number, seconds = 0) => T0 + minutes * 60_000 + seconds * 1000;

async function put(
  call: ReturnType<typeof setup>['call'],
  name: string,
  points: [number, number][]
) {
  await call('PutMetricData', {
    Namespace: 'Lab',
    MetricData: points.map(([t, v]) => ({
      MetricName: name,
      Value: v,
      Timestamp: sec(t),
      Unit: 'Count',
      Dimensions: [{ Name: 'service', Value: 'lab' }],
    })),
  });
}

function stat(id: string, name: string, extra: object = {}) {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'Lab',
        MetricName: name,
        Dimensions: [{ Name: 'service', Value: 'lab' }],
      },
      Period: 60,
      Stat: 'Sum',
    },
    ...extra,
  };
}

function request(queries: object[], extra: object = {}) {
  return { MetricDataQueries: queries, StartTime: sec(m(0)), EndTime: sec(m(10)), ...extra };
}

describe('GetMetricData', () => {
  describe('validations', () => {
    it('refuses an Id that does not start with a lowercase letter', async () => {
      const { failure } = setup(now);
      const e = await failure('GetMetricData', request([stat('M1', 'A')]));
      expect(e.code).toBe('ValidationException');
      expect(e.queryCode).toBe('ValidationError');
      expect(e.message).toBe(
        'The value M1 for parameter MetricDataQueries.member.1.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.'
      );
    });

    it('refuses duplicate ids', async () => {
      const { failure } = setup(now);
      const e = await failure('GetMetricData', request([stat('a', 'A'), stat('a', 'B')]));
      expect(e.message).toBe('The values for parameter id in MetricDataQueries are not unique.');
    });

    it('refuses a query with both MetricStat and Expression', async () => {
      const { failure } = setup(now);
      const e = await failure('GetMetricData', request([stat('a', 'A', { Expression: 'b' })]));
      expect(e.message).toBe(
        'The parameters MetricDataQueries.member.1.MetricStat and MetricDataQueries.member.1.Expression are mutually exclusive and you have specified both.'
      );
    });

    it('refuses an invalid period', async () => {
      const { failure } = setup(now);
      const q = stat('a', 'A');
      q.MetricStat.Period = 90;
      const e = await failure('GetMetricData', request([q]));
      expect(e.code).toBe('InvalidParameterValueException');
      expect(e.message).toBe(
        'The parameter MetricDataQueries.member.1.MetricStat.Period must be a multiple of 60.'
      );
    });

    it('names an expression it cannot evaluate instead of answering wrongly', async () => {
      const { failure } = setup(now);
      const e = await failure(
        'GetMetricData',
        request([
          stat('a', 'A', { ReturnData: false }),
          { Id: 'e', Expression: 'ANOMALY_DETECTION_BAND(a)' },
        ])
      );
      expect(e.code).toBe('ValidationException');
      expect(e.message).toBe(
        'The emulator cannot evaluate the expression "ANOMALY_DETECTION_BAND(a)" in MetricDataQueries.member.2.Expression: the function ANOMALY_DETECTION_BAND is not supported.'
      );
    });

    it('refuses comparison operators it does not implement', async () => {
      const { failure } = setup(now);
      const e = await failure(
        'GetMetricData',
        request([stat('a', 'A'), { Id: 'e', Expression: 'a > 1' }])
      );
      expect(e.message).toMatch(/the operator > is not supported/);
    });

    it('refuses a reference to an unknown id', async () => {
      const { failure } = setup(now);
      const e = await failure('GetMetricData', request([{ Id: 'e', Expression: 'x + 1' }]));
      expect(e.message).toMatch(/unknown identifier x/);
    });

    it('refuses Metrics Insights queries', async () => {
      const { failure } = setup(now);
      const e = await failure(
        'GetMetricData',
        request([{ Id: 'q', Expression: 'SELECT SUM(A) FROM Lab', Period: 60 }])
      );
      expect(e.message).toMatch(/Metrics Insights queries and SEARCH are not supported/);
    });

    it('refuses a NextToken it did not issue', async () => {
      const { failure } = setup(now);
      const e = await failure('GetMetricData', request([stat('a', 'A')], { NextToken: 'bogus' }));
      expect(e.code).toBe('InvalidNextToken');
    });
  });

  describe('functionality', () => {
    it('returns one value per minute with data, newest first by default', async () => {
      // Arrange
      const { call } = setup(now);
      await put(call, 'Sent', [
        [m(1, 10), 2],
        [m(1, 50), 3],
        [m(3), 7],
      ]);
      // Act
      const out = await call('GetMetricData', request([stat('sent', 'Sent')]));
      // Assert
      expect(out).toEqual({
        MetricDataResults: [
          {
            Id: 'sent',
            Label: 'Sent',
            Timestamps: [sec(m(3)), sec(m(1))],
            Values: [7, 5],
            StatusCode: 'Complete',
            Messages: [],
          },
        ],
        Messages: [],
      });
    });

    it('returns oldest first with ScanBy TimestampAscending and keeps the Label given', async () => {
      const { call } = setup(now);
      await put(call, 'Sent', [
        [m(1), 2],
        [m(3), 7],
      ]);
      const out = await call(
        'GetMetricData',
        request([stat('sent', 'Sent', { Label: 'sent per minute' })], {
          ScanBy: 'TimestampAscending',
        })
      );
      expect(out.MetricDataResults[0].Label).toBe('sent per minute');
      expect(out.MetricDataResults[0].Timestamps).toEqual([sec(m(1)), sec(m(3))]);
    });

    it('hides queries with ReturnData false and computes m1 + m2, m1 - m2, m1 / m2 where both have data', async () => {
      const { call } = setup(now);
      await put(call, 'A', [
        [m(1), 6],
        [m(2), 8],
      ]);
      await put(call, 'B', [
        [m(1), 2],
        [m(3), 1],
      ]);
      const out = await call(
        'GetMetricData',
        request(
          [
            stat('a', 'A', { ReturnData: false }),
            stat('b', 'B', { ReturnData: false }),
            { Id: 'plus', Expression: 'a + b' },
            { Id: 'minus', Expression: 'a - b' },
            { Id: 'ratio', Expression: '100 * a / b', Label: 'ratio %' },
          ],
          { ScanBy: 'TimestampAscending' }
        )
      );
      expect(out.MetricDataResults.map((r: { Id: string }) => r.Id)).toEqual([
        'plus',
        'minus',
        'ratio',
      ]);
      const [plus, minus, ratio] = out.MetricDataResults;
      expect([plus.Timestamps, plus.Values]).toEqual([[sec(m(1))], [8]]);
      expect([minus.Timestamps, minus.Values]).toEqual([[sec(m(1))], [4]]);
      expect(ratio.Label).toBe('ratio %');
      expect(ratio.Values).toEqual([300]);
    });

    it('FILL(m, 0) fills every period of the range', async () => {
      const { call } = setup(now);
      await put(call, 'A', [[m(2), 5]]);
      const out = await call(
        'GetMetricData',
        request([stat('a', 'A', { ReturnData: false }), { Id: 'f', Expression: 'FILL(a, 0)' }], {
          EndTime: sec(m(4)),
          ScanBy: 'TimestampAscending',
        })
      );
      expect(out.MetricDataResults[0].Timestamps).toEqual([m(0), m(1), m(2), m(3)].map(sec));
      expect(out.MetricDataResults[0].Values).toEqual([0, 0, 5, 0]);
    });

    it('FILL(m, REPEAT) and FILL(m, LINEAR) fill from the neighbours', async () => {
      const { call } = setup(now);
      await put(call, 'A', [
        [m(1), 2],
        [m(4), 8],
      ]);
      const out = await call(
        'GetMetricData',
        request(
          [
            stat('a', 'A', { ReturnData: false }),
            { Id: 'r', Expression: 'FILL(a, REPEAT)' },
            { Id: 'l', Expression: 'FILL(a, LINEAR)' },
          ],
          { EndTime: sec(m(5)), ScanBy: 'TimestampAscending' }
        )
      );
      expect(out.MetricDataResults[0].Values).toEqual([2, 2, 2, 8]);
      expect(out.MetricDataResults[1].Values).toEqual([2, 4, 6, 8]);
    });

    it('SUM(METRICS()) adds every metric present at each timestamp', async () => {
      const { call } = setup(now);
      await put(call, 'A', [
        [m(1), 1],
        [m(2), 2],
      ]);
      await put(call, 'B', [[m(2), 10]]);
      const out = await call(
        'GetMetricData',
        request(
          [
            stat('a', 'A', { ReturnData: false }),
            stat('b', 'B', { ReturnData: false }),
            { Id: 'total', Expression: 'SUM(METRICS())' },
          ],
          { ScanBy: 'TimestampAscending' }
        )
      );
      expect(out.MetricDataResults[0].Timestamps).toEqual([sec(m(1)), sec(m(2))]);
      expect(out.MetricDataResults[0].Values).toEqual([1, 12]);
    });

    it('drops datapoints where a division by zero happens', async () => {
      const { call } = setup(now);
      await put(call, 'A', [
        [m(1), 1],
        [m(2), 1],
      ]);
      await put(call, 'B', [
        [m(1), 0],
        [m(2), 4],
      ]);
      const out = await call(
        'GetMetricData',
        request([
          stat('a', 'A', { ReturnData: false }),
          stat('b', 'B', { ReturnData: false }),
          { Id: 'r', Expression: 'a / b' },
        ])
      );
      expect(out.MetricDataResults[0].Timestamps).toEqual([sec(m(2))]);
      expect(out.MetricDataResults[0].Values).toEqual([0.25]);
    });

    it('pages at MaxDatapoints with NextToken and PartialData', async () => {
      const { call } = setup(now);
      await put(
        call,
        'A',
        [1, 2, 3, 4, 5].map((i) => [m(i), i])
      );
      const queries = [stat('a', 'A')];
      const first = await call('GetMetricData', request(queries, { MaxDatapoints: 3 }));
      const second = await call(
        'GetMetricData',
        request(queries, { MaxDatapoints: 3, NextToken: first.NextToken })
      );
      expect(first.MetricDataResults[0].Values).toEqual([5, 4, 3]);
      expect(first.MetricDataResults[0].StatusCode).toBe('PartialData');
      expect(first.NextToken).toEqual(expect.any(String));
      expect(second.MetricDataResults[0].Values).toEqual([2, 1]);
      expect(second.MetricDataResults[0].StatusCode).toBe('Complete');
      expect(second.NextToken).toBeUndefined();
    });

    it('returns an empty, complete result for a metric without data', async () => {
      const { call } = setup(now);
      const out = await call('GetMetricData', request([stat('a', 'Nothing')]));
      expect(out.MetricDataResults).toEqual([
        {
          Id: 'a',
          Label: 'Nothing',
          Timestamps: [],
          Values: [],
          StatusCode: 'Complete',
          Messages: [],
        },
      ]);
    });

    it('computes Average, Maximum, SampleCount and p90 per period', async () => {
      const { call } = setup(now);
      await put(
        call,
        'Latency',
        Array.from({ length: 10 }, (_, i) => [m(1, i), (i + 1) * 10] as [number, number])
      );
      const q = (id: string, s: string) => {
        const x = stat(id, 'Latency');
        x.MetricStat.Stat = s;
        return x;
      };
      const out = await call(
        'GetMetricData',
        request([q('avg', 'Average'), q('max', 'Maximum'), q('n', 'SampleCount'), q('p', 'p90')])
      );
      expect(out.MetricDataResults.map((r: { Values: number[] }) => r.Values[0])).toEqual([
        55, 100, 10, 90,
      ]);
    });
  });
});

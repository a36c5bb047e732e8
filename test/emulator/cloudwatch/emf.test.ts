import { describe, expect, it } from 'vitest';
import { extractEmf, parseEmf } from '../../../emulator/services/cloudwatch/emf';
import { sec, setup } from './harness';

/** Exactly what Powertools Metrics 2.x writes to stdout for one metric. */
const powertoolsLine =
  '{"_aws":{"Timestamp":1795616378758,"CloudWatchMetrics":[{"Namespace":"TelemetryForensicsLab","Dimensions":[["service"]],"Metrics":[{"Name":"TradesSent","Unit":"Count"}]}]},"service":"x","TradesSent":1}';

function doc(directive: object, root: object = {}, timestamp = 1_000_000): string {
  return JSON.stringify({
    _aws: { Timestamp: timestamp, CloudWatchMetrics: [directive] },
    ...root,
  });
}

describe('EMF extraction', () => {
  describe('validations', () => {
    it('ignores lines that are not EMF', () => {
      expect(parseEmf('START RequestId: 1 Version: $LATEST', 0)).toEqual({
        kind: 'none',
        metrics: [],
        errors: [],
      });
      expect(parseEmf('{"level":"INFO","message":"record processed"}', 0).kind).toBe('none');
    });

    it('does not take a text line that mentions "_aws" for EMF', () => {
      expect(parseEmf('config key "_aws" missing', 0).kind).toBe('none');
    });

    it('reports a parsing error for broken JSON that mentions _aws', () => {
      expect(parseEmf('{"_aws": {', 0).kind).toBe('parse-error');
    });

    it('skips a directive in an AWS/ namespace', () => {
      const r = parseEmf(
        doc({ Namespace: 'AWS/Lambda', Dimensions: [], Metrics: [{ Name: 'A' }] }, { A: 1 }),
        1_000_000
      );
      expect(r.metrics).toEqual([]);
      expect(r.errors).toHaveLength(1);
    });

    it('skips a metric whose value is not a number', () => {
      const r = parseEmf(
        doc(
          { Namespace: 'Lab', Dimensions: [], Metrics: [{ Name: 'A' }, { Name: 'B' }] },
          { A: 'one', B: 2 }
        ),
        1_000_000
      );
      expect(r.metrics.map((m) => [m.metricName, m.value])).toEqual([['B', 2]]);
    });

    it('skips arrays of more than 100 values', () => {
      const values = Array.from({ length: 101 }, () => 1);
      expect(
        extractEmf(doc({ Namespace: 'Lab', Metrics: [{ Name: 'A' }] }, { A: values }), 1_000_000)
      ).toEqual([]);
    });

    it('skips more than 100 metric definitions', () => {
      const defs = Array.from({ length: 101 }, (_, i) => ({ Name: `M${i}` }));
      expect(extractEmf(doc({ Namespace: 'Lab', Metrics: defs }, { M0: 1 }), 1_000_000)).toEqual(
        []
      );
    });

    it('skips an invalid unit', () => {
      expect(
        extractEmf(
          doc({ Namespace: 'Lab', Metrics: [{ Name: 'A', Unit: 'Things' }] }, { A: 1 }),
          1_000_000
        )
      ).toEqual([]);
    });

    it('skips timestamps more than two weeks before the event', () => {
      expect(
        extractEmf(
          doc({ Namespace: 'Lab', Metrics: [{ Name: 'A' }] }, { A: 1 }, 0),
          15 * 86_400_000
        )
      ).toEqual([]);
    });
  });

  describe('functionality', () => {
    it('extracts what Powertools Metrics writes', () => {
      expect(extractEmf(powertoolsLine, 1795616379000)).toEqual([
        {
          namespace: 'TelemetryForensicsLab',
          metricName: 'TradesSent',
          dimensions: { service: 'x' },
          value: 1,
          unit: 'Count',
          timestamp: 1795616378758,
          storageResolution: 60,
        },
      ]);
    });

    it('reads a line after Lambda text-format metadata', () => {
      const line = `2026-11-24T12:00:00.000Z\tc0ffee\tINFO\t${powertoolsLine}`;
      expect(extractEmf(line, 1795616379000)).toHaveLength(1);
    });

    it('makes one observation per array value and one metric per dimension set', () => {
      const out = extractEmf(
        doc(
          {
            Namespace: 'Lab',
            Dimensions: [['service'], ['service', 'shard']],
            Metrics: [{ Name: 'Latency', Unit: 'Milliseconds', StorageResolution: 1 }],
          },
          { service: 'lab', shard: 's1', Latency: [10, 20] }
        ),
        1_000_000
      );
      expect(out.map((m) => [m.dimensions, m.value, m.storageResolution])).toEqual([
        [{ service: 'lab' }, 10, 1],
        [{ service: 'lab' }, 20, 1],
        [{ service: 'lab', shard: 's1' }, 10, 1],
        [{ service: 'lab', shard: 's1' }, 20, 1],
      ]);
    });

    it('publishes without dimensions when Dimensions is empty or names an empty value', () => {
      const none = extractEmf(
        doc({ Namespace: 'Lab', Dimensions: [], Metrics: [{ Name: 'A' }] }, { A: 1 }),
        1_000_000
      );
      const empty = extractEmf(
        doc(
          { Namespace: 'Lab', Dimensions: [['env']], Metrics: [{ Name: 'A' }] },
          { env: '', A: 1 }
        ),
        1_000_000
      );
      expect(none.map((m) => [m.dimensions, m.unit])).toEqual([[{}, 'None']]);
      expect(empty.map((m) => m.dimensions)).toEqual([{}]);
    });

    it('uses the event timestamp when _aws.Timestamp is absent', () => {
      const line = JSON.stringify({
        _aws: {
          CloudWatchMetrics: [{ Namespace: 'Lab', Dimensions: [[]], Metrics: [{ Name: 'A' }] }],
        },
        A: 1,
      });
      expect(extractEmf(line, 42_000)[0]?.timestamp).toBe(42_000);
    });

    it('makes a Powertools metric queryable with GetMetricData once recorded', async () => {
      // Arrange
      const timestamp = 1795616378758;
      const { call, cw } = setup(timestamp + 120_000);
      // Act
      for (const m of extractEmf(powertoolsLine, timestamp)) cw.sink.record(m);
      const out = await call('GetMetricData', {
        MetricDataQueries: [
          {
            Id: 'sent',
            MetricStat: {
              Metric: {
                Namespace: 'TelemetryForensicsLab',
                MetricName: 'TradesSent',
                Dimensions: [{ Name: 'service', Value: 'x' }],
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
        StartTime: sec(timestamp - 300_000),
        EndTime: sec(timestamp + 60_000),
      });
      // Assert
      const minute = Math.floor(timestamp / 60_000) * 60_000;
      expect(out.MetricDataResults[0].Timestamps).toEqual([sec(minute)]);
      expect(out.MetricDataResults[0].Values).toEqual([1]);
    });
  });
});

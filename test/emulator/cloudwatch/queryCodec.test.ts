// The form bodies below are what Debian's awscli 2.9.19 sent (captured on this machine).
import { describe, expect, it } from 'vitest';
import { cloudWatchQueryCodec } from '../../../emulator/services/cloudwatch/query-codec';
import { sec, setup } from './harness';

const codec = cloudWatchQueryCodec;

function form(body: string): URLSearchParams {
  return new URLSearchParams(body);
}

describe('CloudWatch query codec', () => {
  describe('decode', () => {
    it('decodes get-metric-statistics', () => {
      const input = codec.decode(
        'GetMetricStatistics',
        form(
          'Action=GetMetricStatistics&Version=2010-08-01&Namespace=Lab&MetricName=Writes&Dimensions.member.1.Name=Table&Dimensions.member.1.Value=trades&StartTime=2026-11-24T12%3A15%3A31Z&EndTime=2026-11-24T13%3A15%3A31Z&Period=60&Statistics.member.1=Sum&Statistics.member.2=Average'
        )
      );
      expect(input).toEqual({
        Namespace: 'Lab',
        MetricName: 'Writes',
        Dimensions: [{ Name: 'Table', Value: 'trades' }],
        StartTime: Date.UTC(2026, 10, 24, 12, 15, 31) / 1000,
        EndTime: Date.UTC(2026, 10, 24, 13, 15, 31) / 1000,
        Period: 60,
        Statistics: ['Sum', 'Average'],
      });
    });

    it('decodes get-metric-data', () => {
      const input = codec.decode(
        'GetMetricData',
        form(
          'Action=GetMetricData&Version=2010-08-01&MetricDataQueries.member.1.Id=a&MetricDataQueries.member.1.MetricStat.Metric.Namespace=Lab&MetricDataQueries.member.1.MetricStat.Metric.MetricName=Writes&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=Table&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=trades&MetricDataQueries.member.1.MetricStat.Period=60&MetricDataQueries.member.1.MetricStat.Stat=Sum&MetricDataQueries.member.1.ReturnData=false&MetricDataQueries.member.2.Id=e&MetricDataQueries.member.2.Expression=FILL%28a%2C0%29&MetricDataQueries.member.2.Label=filled&StartTime=2026-11-24T12%3A00%3A00Z&EndTime=2026-11-24T13%3A00%3A00Z'
        )
      );
      expect(input).toEqual({
        MetricDataQueries: [
          {
            Id: 'a',
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
          { Id: 'e', Expression: 'FILL(a,0)', Label: 'filled' },
        ],
        StartTime: Date.UTC(2026, 10, 24, 12) / 1000,
        EndTime: Date.UTC(2026, 10, 24, 13) / 1000,
      });
    });

    it('decodes put-metric-data with values, counts and resolution', () => {
      const input = codec.decode(
        'PutMetricData',
        form(
          'Action=PutMetricData&Version=2010-08-01&Namespace=Lab&MetricData.member.1.MetricName=Writes&MetricData.member.1.Value=3&MetricData.member.1.Unit=Count&MetricData.member.1.Dimensions.member.1.Name=Table&MetricData.member.1.Dimensions.member.1.Value=trades&MetricData.member.1.Timestamp=2026-11-24T12%3A15%3A31Z&MetricData.member.2.MetricName=Lat&MetricData.member.2.Values.member.1=1&MetricData.member.2.Values.member.2=2&MetricData.member.2.Counts.member.1=3&MetricData.member.2.Counts.member.2=4&MetricData.member.2.StorageResolution=1'
        )
      );
      expect(input).toEqual({
        Namespace: 'Lab',
        MetricData: [
          {
            MetricName: 'Writes',
            Value: 3,
            Unit: 'Count',
            Dimensions: [{ Name: 'Table', Value: 'trades' }],
            Timestamp: Date.UTC(2026, 10, 24, 12, 15, 31) / 1000,
          },
          { MetricName: 'Lat', Values: [1, 2], Counts: [3, 4], StorageResolution: 1 },
        ],
      });
    });

    it('keeps dimension values that look like numbers as strings', () => {
      const input = codec.decode(
        'ListMetrics',
        form(
          'Action=ListMetrics&Version=2010-08-01&Namespace=Lab&Dimensions.member.1.Name=Shard&Dimensions.member.1.Value=0001'
        )
      );
      expect(input).toEqual({ Namespace: 'Lab', Dimensions: [{ Name: 'Shard', Value: '0001' }] });
    });

    it('decodes describe-alarms name lists', () => {
      const input = codec.decode(
        'DescribeAlarms',
        form('Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=a&AlarmNames.member.2=b')
      );
      expect(input).toEqual({ AlarmNames: ['a', 'b'] });
    });
  });

  describe('encode', () => {
    it('encodes GetMetricStatistics datapoints with ISO timestamps', () => {
      const xml = codec.encode('GetMetricStatistics', {
        Label: 'Writes',
        Datapoints: [
          {
            Timestamp: Date.UTC(2026, 10, 24, 12, 15) / 1000,
            Sum: 3,
            Unit: 'Count',
            ExtendedStatistics: { p99: 2.5 },
          },
        ],
      });
      expect(xml).toBe(
        '<Label>Writes</Label><Datapoints><member><Timestamp>2026-11-24T12:15:00Z</Timestamp><Sum>3</Sum><Unit>Count</Unit><ExtendedStatistics><entry><key>p99</key><value>2.5</value></entry></ExtendedStatistics></member></Datapoints>'
      );
    });

    it('encodes an empty datapoint list', () => {
      expect(codec.encode('GetMetricStatistics', { Label: 'A', Datapoints: [] })).toBe(
        '<Label>A</Label><Datapoints></Datapoints>'
      );
    });

    it('encodes GetMetricData results', () => {
      const xml = codec.encode('GetMetricData', {
        MetricDataResults: [
          {
            Id: 'e',
            Label: 'a & b',
            Timestamps: [Date.UTC(2026, 10, 24, 12, 1) / 1000, Date.UTC(2026, 10, 24, 12) / 1000],
            Values: [1.5, 0],
            StatusCode: 'Complete',
            Messages: [],
          },
        ],
        Messages: [],
      });
      expect(xml).toBe(
        '<MetricDataResults><member><Id>e</Id><Label>a &amp; b</Label><Timestamps><member>2026-11-24T12:01:00Z</member><member>2026-11-24T12:00:00Z</member></Timestamps><Values><member>1.5</member><member>0</member></Values><StatusCode>Complete</StatusCode><Messages></Messages></member></MetricDataResults><Messages></Messages>'
      );
    });

    it('encodes alarms with their timestamps', async () => {
      const { call, clock } = setup();
      await call('PutMetricAlarm', {
        AlarmName: 'errors',
        Namespace: 'Lab',
        MetricName: 'Errors',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      const out = await call('DescribeAlarms', {});
      const xml = codec.encode('DescribeAlarms', out);
      const iso = new Date(clock.now()).toISOString().replace('.000Z', 'Z');
      expect(xml).toContain(`<StateUpdatedTimestamp>${iso}</StateUpdatedTimestamp>`);
      expect(xml).toContain('<AlarmName>errors</AlarmName>');
      expect(xml).toContain('<Dimensions></Dimensions>');
      expect(xml).toContain('<CompositeAlarms></CompositeAlarms>');
      expect(sec(clock.now())).toBe(out.MetricAlarms[0].StateUpdatedTimestamp);
    });

    it('encodes nothing for operations without output', () => {
      expect(codec.encode('PutMetricData', {})).toBe('');
    });
  });
});

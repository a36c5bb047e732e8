import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WIDGET_PERIOD,
  DEFAULT_WIDGET_STAT,
  expandShorthand,
  MetricArrayError,
  parseMetricArray,
  toMetricDataQueries,
} from '../../dashboard/metric-array';
import { alignSeries, parseRelativeStart } from '../../dashboard/widgets';

describe('parseMetricArray', () => {
  it('reads namespace, name, dimension pairs and the rendering options', () => {
    const [spec] = parseMetricArray([
      [
        'AWS/Kinesis',
        'IncomingRecords',
        'ShardId',
        'shardId-000000000002',
        'StreamName',
        'orders',
        { label: 'hot shard', period: 60, stat: 'Sum', color: '#d62728', yAxis: 'right' },
      ],
    ]);
    expect(spec).toEqual({
      kind: 'metric',
      id: 'm1',
      label: 'hot shard',
      namespace: 'AWS/Kinesis',
      metricName: 'IncomingRecords',
      dimensions: [
        { Name: 'ShardId', Value: 'shardId-000000000002' },
        { Name: 'StreamName', Value: 'orders' },
      ],
      stat: 'Sum',
      period: 60,
      visible: true,
      yAxis: 'right',
      color: '#d62728',
    });
  });

  it("falls back to the widget's period and stat, then to CloudWatch's defaults", () => {
    const specs = parseMetricArray(
      [
        ['AWS/Lambda', 'Errors', 'FunctionName', 'f'],
        ['AWS/Lambda', 'Duration', 'FunctionName', 'f', { stat: 'Maximum' }],
      ],
      { period: 60, stat: 'Sum' }
    );
    expect(specs.map((s) => s.kind === 'metric' && [s.stat, s.period, s.label])).toEqual([
      ['Sum', 60, 'Errors'],
      ['Maximum', 60, 'Duration'],
    ]);
    const [bare] = parseMetricArray([['AWS/SQS', 'NumberOfMessagesSent', 'QueueName', 'q']]);
    expect(bare).toMatchObject({ stat: DEFAULT_WIDGET_STAT, period: DEFAULT_WIDGET_PERIOD });
  });

  it('expands "..." to the previous row with the trailing values replaced', () => {
    const specs = parseMetricArray([
      ['AWS/Kafka', 'CpuUser', 'Cluster Name', 'c1', 'Broker ID', '1'],
      ['...', '2'],
      ['...', '3', { label: 'broker 3' }],
    ]);
    expect(specs.map((s) => s.kind === 'metric' && s.dimensions)).toEqual([
      [
        { Name: 'Cluster Name', Value: 'c1' },
        { Name: 'Broker ID', Value: '1' },
      ],
      [
        { Name: 'Cluster Name', Value: 'c1' },
        { Name: 'Broker ID', Value: '2' },
      ],
      [
        { Name: 'Cluster Name', Value: 'c1' },
        { Name: 'Broker ID', Value: '3' },
      ],
    ]);
    expect(specs.map((s) => s.label)).toEqual(['CpuUser', 'CpuUser', 'broker 3']);
    expect(specs.map((s) => s.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('expands "." to the value at the same position of the previous row', () => {
    const specs = parseMetricArray([
      ['AWS/Lambda', 'Invocations', 'FunctionName', 'producer'],
      ['.', 'Errors', '.', '.'],
      ['...', 'consumer'],
    ]);
    expect(
      specs.map((s) => s.kind === 'metric' && [s.namespace, s.metricName, s.dimensions])
    ).toEqual([
      ['AWS/Lambda', 'Invocations', [{ Name: 'FunctionName', Value: 'producer' }]],
      ['AWS/Lambda', 'Errors', [{ Name: 'FunctionName', Value: 'producer' }]],
      ['AWS/Lambda', 'Errors', [{ Name: 'FunctionName', Value: 'consumer' }]],
    ]);
  });

  it('keeps values before "..." in place and fills the middle from the previous row', () => {
    expect(
      expandShorthand(
        ['AWS/EC2', 'NetworkIn', '...', 'i-2'],
        ['AWS/EC2', 'CPU', 'InstanceId', 'i-1'],
        1
      )
    ).toEqual(['AWS/EC2', 'NetworkIn', 'InstanceId', 'i-2']);
    // "..." alone repeats the previous metric (with new options).
    expect(expandShorthand(['...'], ['A', 'B', 'C', 'D'], 1)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('reads metric math rows, hidden metrics and explicit ids, and numbers the rest around them', () => {
    const specs = parseMetricArray([
      [{ expression: 'consumed / PERIOD(consumed)', label: 'WCU/s', period: 60 }],
      [
        'AWS/DynamoDB',
        'ConsumedWriteCapacityUnits',
        'TableName',
        't',
        { id: 'consumed', visible: false, stat: 'Sum', period: 60 },
      ],
      ['AWS/DynamoDB', 'ProvisionedWriteCapacityUnits', 'TableName', 't', { id: 'm3' }],
      ['.', 'ConsumedReadCapacityUnits', '.', '.'],
    ]);
    expect(specs[0]).toEqual({
      kind: 'expression',
      id: 'e1',
      label: 'WCU/s',
      expression: 'consumed / PERIOD(consumed)',
      period: 60,
      visible: true,
      yAxis: 'left',
    });
    expect(specs.map((s) => [s.id, s.visible])).toEqual([
      ['e1', true],
      ['consumed', false],
      ['m3', true],
      // m4 is free; an auto id never takes an explicit one.
      ['m4', true],
    ]);
    const queries = toMetricDataQueries(specs);
    expect(queries[0]).toEqual({
      Id: 'e1',
      Label: 'WCU/s',
      ReturnData: true,
      Expression: 'consumed / PERIOD(consumed)',
      Period: 60,
    });
    expect(queries[1]).toEqual({
      Id: 'consumed',
      Label: 'ConsumedWriteCapacityUnits',
      ReturnData: false,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/DynamoDB',
          MetricName: 'ConsumedWriteCapacityUnits',
          Dimensions: [{ Name: 'TableName', Value: 't' }],
        },
        Period: 60,
        Stat: 'Sum',
      },
    });
  });

  it('does not let an auto id collide with an explicit one', () => {
    const specs = parseMetricArray([
      ['A', 'x', { id: 'm2' }],
      ['A', 'y'],
    ]);
    expect(specs.map((s) => s.id)).toEqual(['m2', 'm2_']);
  });

  it('rejects what the console would not draw, saying where', () => {
    expect(() => parseMetricArray('nope')).toThrow(MetricArrayError);
    expect(() => parseMetricArray([['...', 'x']])).toThrow(
      /metrics\[0\]: "..." needs a metric row before it/
    );
    expect(() => parseMetricArray([['.', 'x']])).toThrow(/metrics\[0\]\[0\]: "\." has no value/);
    expect(() => parseMetricArray([['A', 'x', 'Dim']])).toThrow(/metrics\[0\]: expected namespace/);
    expect(() => parseMetricArray([[{ label: 'no expression' }]])).toThrow(/needs an expression/);
    expect(() => parseMetricArray([['A', 3]])).toThrow(/metrics\[0\]\[1\]: expected a string/);
    expect(() =>
      parseMetricArray([
        ['A', 'x'],
        ['...', '...'],
      ])
    ).toThrow(/only once/);
  });
});

describe('parseRelativeStart', () => {
  it('reads the relative durations dashboards use', () => {
    expect(parseRelativeStart('-PT30M')).toBe(30 * 60_000);
    expect(parseRelativeStart('-PT3H')).toBe(3 * 3_600_000);
    expect(parseRelativeStart('-P1D')).toBe(86_400_000);
    expect(parseRelativeStart('-PT1H30M')).toBe(90 * 60_000);
    expect(parseRelativeStart('-P1W')).toBe(7 * 86_400_000);
  });

  it('ignores absolute times and nonsense', () => {
    expect(parseRelativeStart('2026-01-01T00:00:00Z')).toBeUndefined();
    expect(parseRelativeStart('-PT')).toBeUndefined();
    expect(parseRelativeStart(undefined)).toBeUndefined();
  });
});

describe('alignSeries', () => {
  it('lays series on the union of their times, null where one has no datapoint', () => {
    const { timestamps, columns } = alignSeries([
      { id: 'a', timestamps: [60_000, 120_000], values: [1, 2] },
      { id: 'b', timestamps: [120_000, 180_000], values: [5, 6] },
    ]);
    expect(timestamps).toEqual([60, 120, 180]);
    expect(columns).toEqual([
      [1, 2, null],
      [null, 5, 6],
    ]);
  });
});

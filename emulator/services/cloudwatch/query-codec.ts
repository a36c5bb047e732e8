/**
 * CloudWatch over awsQuery (what Debian's awscli 2.9 sends): the non-string members of each
 * supported operation's input and output.
 */
import type { QueryCodec } from '../../core/service';
import { decodeQuery, encodeQuery, type QueryShape } from './query-protocol';

const dimensions: QueryShape = { list: { struct: {} } };

const metricStat: QueryShape = {
  struct: {
    Metric: { struct: { Dimensions: dimensions } },
    Period: 'integer',
  },
};

const metricDataQuery: QueryShape = {
  struct: { MetricStat: metricStat, ReturnData: 'boolean', Period: 'integer' },
};

const metricDatum: QueryShape = {
  struct: {
    Dimensions: dimensions,
    Timestamp: 'timestamp',
    Value: 'double',
    StatisticValues: {
      struct: { SampleCount: 'double', Sum: 'double', Minimum: 'double', Maximum: 'double' },
    },
    Values: { list: 'double' },
    Counts: { list: 'double' },
    StorageResolution: 'integer',
  },
};

const metricAlarm: QueryShape = {
  struct: {
    AlarmConfigurationUpdatedTimestamp: 'timestamp',
    StateUpdatedTimestamp: 'timestamp',
    StateTransitionedTimestamp: 'timestamp',
    Metrics: { list: metricDataQuery },
  },
};

/** Input shapes, by operation. */
export const inputShapes: Record<string, QueryShape> = {
  PutMetricData: {
    struct: {
      MetricData: { list: metricDatum },
      EntityMetricData: {
        list: {
          struct: {
            Entity: { struct: { KeyAttributes: { map: 'string' }, Attributes: { map: 'string' } } },
            MetricData: { list: metricDatum },
          },
        },
      },
      StrictEntityValidation: 'boolean',
    },
  },
  GetMetricData: {
    struct: {
      MetricDataQueries: { list: metricDataQuery },
      StartTime: 'timestamp',
      EndTime: 'timestamp',
      MaxDatapoints: 'integer',
    },
  },
  GetMetricStatistics: {
    struct: {
      Dimensions: dimensions,
      StartTime: 'timestamp',
      EndTime: 'timestamp',
      Period: 'integer',
      Statistics: { list: 'string' },
      ExtendedStatistics: { list: 'string' },
    },
  },
  ListMetrics: { struct: { Dimensions: dimensions, IncludeLinkedAccounts: 'boolean' } },
  PutMetricAlarm: {
    struct: {
      ActionsEnabled: 'boolean',
      OKActions: { list: 'string' },
      AlarmActions: { list: 'string' },
      InsufficientDataActions: { list: 'string' },
      Dimensions: dimensions,
      Period: 'integer',
      EvaluationPeriods: 'integer',
      DatapointsToAlarm: 'integer',
      Threshold: 'double',
      Metrics: { list: metricDataQuery },
      Tags: { list: { struct: {} } },
    },
  },
  DescribeAlarms: {
    struct: {
      AlarmNames: { list: 'string' },
      AlarmTypes: { list: 'string' },
      MaxRecords: 'integer',
    },
  },
  DeleteAlarms: { struct: { AlarmNames: { list: 'string' } } },
  SetAlarmState: { struct: {} },
};

/** Output shapes, by operation. */
export const outputShapes: Record<string, QueryShape> = {
  GetMetricStatistics: {
    struct: {
      Datapoints: {
        list: { struct: { Timestamp: 'timestamp', ExtendedStatistics: { map: 'double' } } },
      },
    },
  },
  GetMetricData: {
    struct: { MetricDataResults: { list: { struct: { Timestamps: { list: 'timestamp' } } } } },
  },
  DescribeAlarms: { struct: { MetricAlarms: { list: metricAlarm } } },
};

export const cloudWatchQueryCodec: QueryCodec = {
  decode(operation, params) {
    return decodeQuery(params, inputShapes[operation] ?? { struct: {} });
  },
  encode(operation, output) {
    return encodeQuery(output, outputShapes[operation]);
  },
};

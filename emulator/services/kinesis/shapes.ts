import type { StringShape } from '../../core/validate';

/** Member shapes shared by the Kinesis actions (botocore kinesis 2013-12-02 service-2.json). */
export const streamNameShape = {
  type: 'string',
  min: 1,
  max: 128,
  pattern: '[a-zA-Z0-9_.-]+',
} as const satisfies StringShape;

export const streamArnShape = {
  type: 'string',
  min: 1,
  max: 2048,
  pattern: 'arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+',
} as const satisfies StringShape;

export const shardIdShape = {
  type: 'string',
  min: 1,
  max: 128,
  pattern: '[a-zA-Z0-9_.-]+',
} as const satisfies StringShape;

export const nextTokenShape = {
  type: 'string',
  min: 1,
  max: 1_048_576,
} as const satisfies StringShape;

export const hashKeyShape = {
  type: 'string',
  pattern: '0|([1-9]\\d{0,38})',
} as const satisfies StringShape;

export const sequenceNumberShape = {
  type: 'string',
  pattern: '0|([1-9]\\d{0,128})',
} as const satisfies StringShape;

export const SHARD_LEVEL_METRICS = [
  'IncomingBytes',
  'IncomingRecords',
  'OutgoingBytes',
  'OutgoingRecords',
  'WriteProvisionedThroughputExceeded',
  'ReadProvisionedThroughputExceeded',
  'IteratorAgeMilliseconds',
] as const;

/** A shard-level ("enhanced") metric that EnableEnhancedMonitoring can turn on. */
export type ShardLevelMetric = (typeof SHARD_LEVEL_METRICS)[number];

export const metricsNameShape = {
  type: 'string',
  enum: [...SHARD_LEVEL_METRICS, 'ALL'],
} as const satisfies StringShape;

/** The members every stream-addressed action takes (either or both). */
export const streamRefShape = {
  StreamName: streamNameShape,
  StreamARN: streamArnShape,
} as const;

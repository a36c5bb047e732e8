import { AwsError } from '../core/errors';
import { quotas } from '../core/quotas';
import type { KinesisStore } from '../services/kinesis/store';

/**
 * What a stream poller (Lambda event source mapping or EventBridge pipe) needs from a stream:
 * its shards, an iterator at a position, and reads. Two adapters implement it: Kinesis (on the
 * Kinesis store, so the shard read quotas of 5 calls/s and 2 MiB/s apply to the poller as to
 * any consumer) and DynamoDB Streams (on anything that answers the DynamoDB Streams API).
 */
export interface StreamSource {
  readonly kind: 'kinesis' | 'dynamodb';
  readonly arn: string;
  /** The most records one read returns (Kinesis GetRecords 10,000; DynamoDB Streams 1,000). */
  readonly maxReadRecords: number;
  /** The stream's shards, parents before children. Throws AwsError when the stream is gone. */
  listShards(): Promise<ShardInfo[]>;
  /** An iterator at `position` in `shardId`. */
  iterator(shardId: string, position: StreamPosition): Promise<string>;
  /**
   * Up to `limit` records from `iterator`. `next` is undefined when the shard is closed and
   * read to its end. Throws AwsError (`ProvisionedThroughputExceededException`,
   * `ExpiredIteratorException`, `ResourceNotFoundException` ...) as the API does.
   */
  read(
    shardId: string,
    iterator: string,
    limit: number
  ): Promise<{ records: SourceRecord[]; next?: string }>;
  /** How long the stream keeps records (ms): records older than this have expired. */
  retentionMs(): number;
}

/** One shard as the poller sees it. */
export interface ShardInfo {
  shardId: string;
  parentShardId?: string;
}

/** Where to start reading a shard. */
export type StreamPosition =
  | { type: 'TRIM_HORIZON' | 'LATEST' }
  | { type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string }
  | { type: 'AT_TIMESTAMP'; timestampMs: number };

/** One record read from a shard, with what the pollers need to batch, age and describe it. */
export interface SourceRecord {
  shardId: string;
  sequenceNumber: string;
  /** When the stream received the record (epoch ms, emulated). */
  arrivalMs: number;
  /**
   * The record as Lambda and Pipes receive it, minus the fields that depend on the consumer
   * (`invokeIdentityArn` for Kinesis ESMs). Kinesis: C.1; DynamoDB: C.3.
   */
  record: Record<string, unknown>;
  /** Bytes of the record as JSON, for the 6 MB batch payload limit. */
  jsonBytes: number;
}

/** The DynamoDB Streams API as the pollers call it (shapes of the awsJson1_0 wire protocol). */
export interface DynamoDbStreamsReader {
  describeStream(input: { StreamArn: string; ExclusiveStartShardId?: string }): Promise<{
    StreamDescription: {
      StreamArn?: string;
      StreamStatus?: string;
      Shards?: { ShardId: string; ParentShardId?: string }[];
      LastEvaluatedShardId?: string;
    };
  }>;
  getShardIterator(input: {
    StreamArn: string;
    ShardId: string;
    ShardIteratorType: 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';
    SequenceNumber?: string;
  }): Promise<{ ShardIterator?: string }>;
  getRecords(input: { ShardIterator: string; Limit?: number }): Promise<{
    Records?: DynamoDbStreamRecord[];
    NextShardIterator?: string;
  }>;
}

/** A DynamoDB Streams `Record` (API_streams_Record). */
export interface DynamoDbStreamRecord {
  eventID?: string;
  eventName?: string;
  eventVersion?: string;
  eventSource?: string;
  awsRegion?: string;
  dynamodb?: Record<string, unknown> & {
    /** Epoch seconds (JSON protocol) or a Date (an in-process store). */
    ApproximateCreationDateTime?: number | Date;
    SequenceNumber?: string;
    SizeBytes?: number;
  };
  userIdentity?: Record<string, unknown>;
}

/** DynamoDB Streams keep records 24 hours. */
const DYNAMODB_STREAM_RETENTION_MS = 24 * 3600 * 1000;

/** Anything with the DynamoDB Streams API's three read methods, sync or async (the streams store). */
export interface DynamoDbStreamsApi {
  describeStream(input: { StreamArn: string; ExclusiveStartShardId?: string }): unknown;
  getShardIterator(input: {
    StreamArn: string;
    ShardId: string;
    ShardIteratorType: 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';
    SequenceNumber?: string;
  }): unknown;
  getRecords(input: { ShardIterator: string; Limit?: number }): unknown;
}

/**
 * A DynamoDbStreamsReader over the DynamoDB Streams store (or any object with its API-shaped
 * `describeStream`, `getShardIterator`, `getRecords`), so the pollers read exactly what the
 * API serves.
 *
 * @example
 * const reader = dynamoDbStreamsReader(dynamodb.streams.store);
 */
export function dynamoDbStreamsReader(api: DynamoDbStreamsApi): DynamoDbStreamsReader {
  return {
    describeStream: async (input) =>
      (await api.describeStream(input)) as Awaited<
        ReturnType<DynamoDbStreamsReader['describeStream']>
      >,
    getShardIterator: async (input) =>
      (await api.getShardIterator(input)) as Awaited<
        ReturnType<DynamoDbStreamsReader['getShardIterator']>
      >,
    getRecords: async (input) =>
      (await api.getRecords(input)) as Awaited<ReturnType<DynamoDbStreamsReader['getRecords']>>,
  };
}

/** A StreamSource over the emulated Kinesis store. */
export function kinesisStreamSource(store: KinesisStore, arn: string): StreamSource {
  return {
    kind: 'kinesis',
    arn,
    maxReadRecords: quotas.kinesisGetRecordsMaxRecords.value,
    async listShards() {
      return store.stream({ StreamARN: arn }).shards.map((shard) => ({ shardId: shard.shardId }));
    },
    async iterator(shardId, position) {
      const base = { StreamARN: arn, ShardId: shardId, ShardIteratorType: position.type };
      if (position.type === 'AT_SEQUENCE_NUMBER' || position.type === 'AFTER_SEQUENCE_NUMBER') {
        return store.getShardIterator({ ...base, StartingSequenceNumber: position.sequenceNumber })
          .ShardIterator;
      }
      if (position.type === 'AT_TIMESTAMP') {
        return store.getShardIterator({ ...base, Timestamp: position.timestampMs / 1000 })
          .ShardIterator;
      }
      return store.getShardIterator(base).ShardIterator;
    },
    async read(shardId, iterator, limit) {
      const result = store.getRecords({ ShardIterator: iterator, Limit: limit });
      return {
        records: result.Records.map((r) => {
          const record = {
            kinesis: {
              kinesisSchemaVersion: '1.0',
              partitionKey: r.PartitionKey,
              sequenceNumber: r.SequenceNumber,
              data: r.Data,
              approximateArrivalTimestamp: r.ApproximateArrivalTimestamp,
            },
            eventSource: 'aws:kinesis',
            eventVersion: '1.0',
            eventID: `${shardId}:${r.SequenceNumber}`,
            eventName: 'aws:kinesis:record',
            awsRegion: store.env.region,
            eventSourceARN: arn,
          };
          return {
            shardId,
            sequenceNumber: r.SequenceNumber,
            arrivalMs: Math.round(r.ApproximateArrivalTimestamp * 1000),
            record,
            jsonBytes: JSON.stringify(record).length + 64,
          };
        }),
        next: result.NextShardIterator,
      };
    },
    retentionMs() {
      return store.stream({ StreamARN: arn }).retentionMs;
    },
  };
}

/** A StreamSource over the DynamoDB Streams API. */
export function dynamoDbStreamSource(
  reader: DynamoDbStreamsReader,
  arn: string,
  region: string
): StreamSource {
  return {
    kind: 'dynamodb',
    arn,
    maxReadRecords: quotas.dynamoDbStreamGetRecordsMaxRecords.value,
    async listShards() {
      const shards: ShardInfo[] = [];
      let start: string | undefined;
      for (;;) {
        const { StreamDescription } = await reader.describeStream({
          StreamArn: arn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        });
        for (const shard of StreamDescription.Shards ?? []) {
          shards.push({
            shardId: shard.ShardId,
            ...(shard.ParentShardId ? { parentShardId: shard.ParentShardId } : {}),
          });
        }
        start = StreamDescription.LastEvaluatedShardId;
        if (!start) return shards;
      }
    },
    async iterator(shardId, position) {
      if (position.type === 'AT_TIMESTAMP') {
        throw new AwsError(
          'InvalidParameterValueException',
          `Unsupported starting position for arn type: ${arn}`
        );
      }
      const result = await reader.getShardIterator({
        StreamArn: arn,
        ShardId: shardId,
        ShardIteratorType: position.type,
        ...('sequenceNumber' in position ? { SequenceNumber: position.sequenceNumber } : {}),
      });
      if (!result.ShardIterator) {
        throw new AwsError('ResourceNotFoundException', `Shard ${shardId} has no iterator.`);
      }
      return result.ShardIterator;
    },
    async read(shardId, iterator, limit) {
      const result = await reader.getRecords({ ShardIterator: iterator, Limit: limit });
      return {
        records: (result.Records ?? []).map((r) => toDynamoDbSourceRecord(r, arn, region, shardId)),
        next: result.NextShardIterator,
      };
    },
    retentionMs() {
      return DYNAMODB_STREAM_RETENTION_MS;
    },
  };
}

function toDynamoDbSourceRecord(
  r: DynamoDbStreamRecord,
  arn: string,
  region: string,
  shardId: string
): SourceRecord {
  const dynamodb = { ...(r.dynamodb ?? {}) };
  const created = dynamodb.ApproximateCreationDateTime;
  const createdSeconds =
    created instanceof Date
      ? Math.floor(created.getTime() / 1000)
      : (created as number | undefined);
  if (createdSeconds !== undefined) dynamodb.ApproximateCreationDateTime = createdSeconds;
  // C.3's field order; userIdentity only for TTL deletions.
  const record: Record<string, unknown> = {
    eventID: r.eventID,
    eventVersion: r.eventVersion ?? '1.1',
    dynamodb,
    awsRegion: r.awsRegion ?? region,
    eventName: r.eventName,
    eventSourceARN: arn,
    eventSource: r.eventSource ?? 'aws:dynamodb',
    ...(r.userIdentity ? { userIdentity: r.userIdentity } : {}),
  };
  const sequenceNumber = String(dynamodb.SequenceNumber ?? '');
  return {
    shardId,
    sequenceNumber,
    arrivalMs: createdMs(created),
    record,
    jsonBytes: JSON.stringify(record).length,
  };
}

function createdMs(created: number | Date | undefined): number {
  if (created instanceof Date) return created.getTime();
  if (typeof created === 'number') return Math.round(created * 1000);
  return 0;
}

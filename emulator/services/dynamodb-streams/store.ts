import { randomBytes } from 'node:crypto';
import { AwsError } from '../../core/errors';
import { quotas } from '../../core/quotas';
import type { EmulatorEnv } from '../../core/service';
import { decodeStreamIterator, encodeStreamIterator } from './iterator';

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';
export type ShardIteratorType =
  | 'TRIM_HORIZON'
  | 'LATEST'
  | 'AT_SEQUENCE_NUMBER'
  | 'AFTER_SEQUENCE_NUMBER';
type AttributeMap = Record<string, Record<string, unknown>>;

/** One stream record in the JSON shape GetRecords returns (timestamps in epoch seconds). */
export interface StreamRecord {
  eventID: string;
  eventName: StreamEventName;
  eventVersion: '1.1';
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    /** Epoch seconds, rounded down to the second. */
    ApproximateCreationDateTime: number;
    Keys: AttributeMap;
    NewImage?: AttributeMap;
    OldImage?: AttributeMap;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
}

/** What the table side reports for one item change; the stream keeps what its view type says. */
export interface ItemChange {
  eventName: StreamEventName;
  keys: AttributeMap;
  newImage?: AttributeMap;
  oldImage?: AttributeMap;
}

/** A stream record plus when it was written (emulated ms), as pollers read them. */
export interface StoredStreamRecord {
  sequenceNumber: bigint;
  /** Emulated ms when the record was written. */
  createdAt: number;
  record: StreamRecord;
}

/** What `read` returns. */
export interface StreamReadResult {
  records: StoredStreamRecord[];
  /** The position to read from next (a sequence number as a decimal string). */
  nextPosition: string;
  /** True once the shard is closed (stream disabled) and everything in it has been read. */
  shardEnded: boolean;
}

interface ShardState {
  shardId: string;
  startingSequenceNumber: bigint;
  /** Set when the stream is disabled: the last sequence number the shard will ever hold. */
  endingSequenceNumber?: bigint;
  records: StoredStreamRecord[];
  /** Highest sequence number removed by the 24 h retention (0 = none). */
  trimmedThrough: bigint;
}

interface StreamState {
  streamArn: string;
  streamLabel: string;
  tableName: string;
  keySchema: { AttributeName: string; KeyType: string }[];
  viewType: StreamViewType;
  status: 'ENABLED' | 'DISABLED';
  /** Emulated ms. */
  createdAt: number;
  disabledAt?: number;
  /** The next sequence number to hand out. */
  nextSequence: bigint;
  /** One shard per stream: the emulator never splits or rotates shards. */
  shard: ShardState;
}

/** Parameters of `createStream`. */
export interface CreateStreamParams {
  tableName: string;
  tableArn: string;
  keySchema: { AttributeName: string; KeyType: string }[];
  viewType: StreamViewType;
}

/** Sequence numbers are 21+ digits (API: 21-40 characters); the first of a stream is 10^20 + 1. */
const SEQUENCE_BASE = 10n ** 20n;

/** Formats emulated ms as a stream label, `2015-05-11T21:21:33.291` (ISO 8601 without the zone). */
function streamLabel(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '');
}

/**
 * DynamoDB Streams: the streams of all tables, their records (kept 24 h on the emulator clock),
 * shard iterators, and the reading API pollers use. It knows nothing about tables beyond what
 * `createStream` is told; the DynamoDB store appends a record for each item change.
 */
export class DynamoDbStreamsStore {
  private readonly streams = new Map<string, StreamState>();
  private readonly listeners = new Set<(streamArn: string) => void>();

  constructor(
    private readonly env: EmulatorEnv,
    /** How big a set of attributes is (DynamoDB's item size rules), for SizeBytes and the 1 MB page. */
    private readonly sizeOf: (attributes: AttributeMap) => number
  ) {}

  /** Starts a new stream for a table: a new label and ARN, one open shard. */
  createStream(params: CreateStreamParams): { streamArn: string; streamLabel: string } {
    this.expire();
    const now = this.env.clock.now();
    // A table's labels must differ: move on by a millisecond if one was taken in the same instant.
    let at = now;
    let label = streamLabel(at);
    while (this.streams.has(`${params.tableArn}/stream/${label}`)) label = streamLabel(++at);
    const streamArn = `${params.tableArn}/stream/${label}`;
    const first = SEQUENCE_BASE + 1n;
    this.streams.set(streamArn, {
      streamArn,
      streamLabel: label,
      tableName: params.tableName,
      keySchema: params.keySchema.map((k) => ({ ...k })),
      viewType: params.viewType,
      status: 'ENABLED',
      createdAt: now,
      nextSequence: first,
      shard: {
        shardId: `shardId-${String(at).padStart(20, '0')}-${randomBytes(4).toString('hex')}`,
        startingSequenceNumber: first,
        records: [],
        trimmedThrough: 0n,
      },
    });
    return { streamArn, streamLabel: label };
  }

  /**
   * Disables a stream (its table disabled the stream, or was deleted): the shard closes, the
   * records stay readable for 24 hours, then the stream is gone.
   */
  disableStream(streamArn: string): void {
    const stream = this.streams.get(streamArn);
    if (!stream || stream.status === 'DISABLED') return;
    stream.status = 'DISABLED';
    stream.disabledAt = this.env.clock.now();
    stream.shard.endingSequenceNumber = stream.nextSequence - 1n;
  }

  /** Whether `streamArn` is an enabled stream. */
  isEnabled(streamArn: string): boolean {
    return this.streams.get(streamArn)?.status === 'ENABLED';
  }

  /** Appends the record for one item change to an enabled stream; returns it. */
  append(streamArn: string, change: ItemChange): StreamRecord | undefined {
    const stream = this.streams.get(streamArn);
    if (stream?.status !== 'ENABLED') return undefined;
    const now = this.env.clock.now();
    const sequence = stream.nextSequence++;
    const view = stream.viewType;
    const dynamodb: StreamRecord['dynamodb'] = {
      ApproximateCreationDateTime: Math.floor(now / 1000),
      Keys: change.keys,
      SequenceNumber: sequence.toString(),
      SizeBytes: 0,
      StreamViewType: view,
    };
    if ((view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES') && change.newImage) {
      dynamodb.NewImage = change.newImage;
    }
    if ((view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES') && change.oldImage) {
      dynamodb.OldImage = change.oldImage;
    }
    dynamodb.SizeBytes =
      this.sizeOf(dynamodb.Keys) +
      (dynamodb.NewImage ? this.sizeOf(dynamodb.NewImage) : 0) +
      (dynamodb.OldImage ? this.sizeOf(dynamodb.OldImage) : 0);
    const record: StreamRecord = {
      eventID: randomBytes(16).toString('hex'),
      eventName: change.eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.env.region,
      dynamodb,
    };
    stream.shard.records.push({ sequenceNumber: sequence, createdAt: now, record });
    this.trim(stream, now);
    for (const listener of this.listeners) listener(streamArn);
    return record;
  }

  /** Calls `listener` after each append (pollers can wake on it); returns the unsubscribe. */
  onAppend(listener: (streamArn: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- the API (ListStreams, DescribeStream, GetShardIterator, GetRecords) ----------------

  listStreams(params: { TableName?: string; Limit?: number; ExclusiveStartStreamArn?: string }): {
    Streams: { StreamArn: string; TableName: string; StreamLabel: string }[];
    LastEvaluatedStreamArn?: string;
  } {
    this.expire();
    let streams = [...this.streams.values()];
    if (params.TableName !== undefined)
      streams = streams.filter((s) => s.tableName === params.TableName);
    if (params.ExclusiveStartStreamArn !== undefined) {
      const index = streams.findIndex((s) => s.streamArn === params.ExclusiveStartStreamArn);
      streams = index >= 0 ? streams.slice(index + 1) : [];
    }
    const limit = params.Limit ?? quotas.dynamoDbStreamListMaxResults.value;
    const page = streams.slice(0, limit);
    return {
      Streams: page.map((s) => ({
        StreamArn: s.streamArn,
        TableName: s.tableName,
        StreamLabel: s.streamLabel,
      })),
      ...(streams.length > limit
        ? { LastEvaluatedStreamArn: page[page.length - 1]?.streamArn }
        : {}),
    };
  }

  describeStream(params: { StreamArn: string; Limit?: number; ExclusiveStartShardId?: string }): {
    StreamDescription: Record<string, unknown>;
  } {
    const stream = this.requireStream(params.StreamArn);
    const shard = stream.shard;
    const shards =
      params.ExclusiveStartShardId !== undefined && params.ExclusiveStartShardId >= shard.shardId
        ? []
        : [
            {
              ShardId: shard.shardId,
              SequenceNumberRange: {
                StartingSequenceNumber: shard.startingSequenceNumber.toString(),
                ...(shard.endingSequenceNumber !== undefined
                  ? { EndingSequenceNumber: shard.endingSequenceNumber.toString() }
                  : {}),
              },
            },
          ];
    return {
      StreamDescription: {
        StreamArn: stream.streamArn,
        StreamLabel: stream.streamLabel,
        StreamStatus: stream.status,
        StreamViewType: stream.viewType,
        CreationRequestDateTime: stream.createdAt / 1000,
        TableName: stream.tableName,
        KeySchema: stream.keySchema.map((k) => ({ ...k })),
        Shards: shards.slice(0, params.Limit ?? quotas.dynamoDbStreamListMaxResults.value),
      },
    };
  }

  getShardIterator(params: {
    StreamArn: string;
    ShardId: string;
    ShardIteratorType: ShardIteratorType;
    SequenceNumber?: string;
  }): { ShardIterator: string } {
    const position = this.position(
      params.StreamArn,
      params.ShardId,
      params.ShardIteratorType,
      params.SequenceNumber
    );
    return {
      ShardIterator: encodeStreamIterator({
        streamArn: params.StreamArn,
        shardId: params.ShardId,
        position: BigInt(position),
        issuedAt: this.env.clock.now(),
      }),
    };
  }

  getRecords(params: { ShardIterator: string; Limit?: number }): {
    Records: StreamRecord[];
    NextShardIterator?: string;
  } {
    const state = decodeStreamIterator(params.ShardIterator);
    if (!state) throw streamValidationError('Invalid ShardIterator');
    const now = this.env.clock.now();
    const lifetime = quotas.dynamoDbStreamIteratorLifetimeMs.value;
    if (now - state.issuedAt > lifetime) {
      throw new AwsError(
        'ExpiredIteratorException',
        `Iterator expired. The iterator was created at time ${amzUtc(state.issuedAt)} while right now it is ${amzUtc(now)} which is further in the future than the tolerated delay of ${lifetime} milliseconds.`
      );
    }
    const result = this.read(
      state.streamArn,
      state.shardId,
      state.position.toString(),
      params.Limit
    );
    return {
      Records: result.records.map((r) => r.record),
      ...(result.shardEnded
        ? {}
        : {
            NextShardIterator: encodeStreamIterator({
              streamArn: state.streamArn,
              shardId: state.shardId,
              position: BigInt(result.nextPosition),
              issuedAt: now,
            }),
          }),
    };
  }

  // ---- for pollers (event source mappings, Pipes): the same semantics without iterators ----

  /** The shard ids of a stream (one per stream). */
  shardIds(streamArn: string): string[] {
    return [this.requireStream(streamArn).shard.shardId];
  }

  /**
   * The position (next sequence number to read, as a decimal string) that an iterator of
   * `type` would start at: TRIM_HORIZON = the oldest untrimmed record, LATEST = the next record
   * written, AT_/AFTER_SEQUENCE_NUMBER = at or just after `sequenceNumber`.
   */
  position(
    streamArn: string,
    shardId: string,
    type: ShardIteratorType,
    sequenceNumber?: string
  ): string {
    const stream = this.requireStream(streamArn);
    const shard = this.requireShard(stream, shardId);
    this.trim(stream, this.env.clock.now());
    switch (type) {
      case 'TRIM_HORIZON':
        return (shard.trimmedThrough + 1n).toString();
      case 'LATEST':
        return stream.nextSequence.toString();
      default: {
        if (sequenceNumber === undefined) {
          throw streamValidationError(
            `SequenceNumber must be provided when ShardIteratorType is ${type}`
          );
        }
        if (!/^\d{21,40}$/.test(sequenceNumber)) {
          throw streamValidationError(`Invalid SequenceNumber: ${sequenceNumber}`);
        }
        const at = BigInt(sequenceNumber);
        if (at <= shard.trimmedThrough) throw trimmedError(sequenceNumber);
        return (type === 'AT_SEQUENCE_NUMBER' ? at : at + 1n).toString();
      }
    }
  }

  /**
   * Reads up to `limit` records (default and maximum 1,000; at most 1 MB, at least one record)
   * from `position`. Throws TrimmedDataAccessException if records at `position` were trimmed.
   */
  read(streamArn: string, shardId: string, position: string, limit?: number): StreamReadResult {
    const stream = this.requireStream(streamArn);
    const shard = this.requireShard(stream, shardId);
    this.trim(stream, this.env.clock.now());
    const from = BigInt(position);
    if (from <= shard.trimmedThrough && shard.trimmedThrough > 0n) throw trimmedError(position);
    const max = Math.min(
      limit ?? quotas.dynamoDbStreamGetRecordsMaxRecords.value,
      quotas.dynamoDbStreamGetRecordsMaxRecords.value
    );
    const records: StoredStreamRecord[] = [];
    let bytes = 0;
    for (
      let i = firstAtOrAfter(shard.records, from);
      i < shard.records.length && records.length < max;
      i++
    ) {
      const entry = shard.records[i] as StoredStreamRecord;
      bytes += entry.record.dynamodb.SizeBytes;
      if (records.length > 0 && bytes > quotas.dynamoDbStreamGetRecordsMaxBytes.value) break;
      records.push(entry);
    }
    const last = records[records.length - 1];
    const next = last ? last.sequenceNumber + 1n : from;
    const ended = shard.endingSequenceNumber !== undefined && next > shard.endingSequenceNumber;
    return { records, nextPosition: next.toString(), shardEnded: ended };
  }

  private requireStream(streamArn: string): StreamState {
    this.expire();
    const stream = this.streams.get(streamArn);
    if (!stream) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Requested resource not found: Stream: ${streamArn} not found`
      );
    }
    return stream;
  }

  private requireShard(stream: StreamState, shardId: string): ShardState {
    if (stream.shard.shardId !== shardId) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Requested resource not found: Shard: ${shardId} in Stream: ${stream.streamArn} not found`
      );
    }
    return stream.shard;
  }

  /** Drops records older than the retention period. */
  private trim(stream: StreamState, now: number): void {
    const records = stream.shard.records;
    const cutoff = now - quotas.dynamoDbStreamRetentionMs.value;
    let count = 0;
    while (count < records.length && (records[count] as StoredStreamRecord).createdAt <= cutoff)
      count++;
    if (count === 0) return;
    stream.shard.trimmedThrough = (records[count - 1] as StoredStreamRecord).sequenceNumber;
    records.splice(0, count);
  }

  /** Forgets streams disabled more than the retention period ago. */
  private expire(): void {
    const cutoff = this.env.clock.now() - quotas.dynamoDbStreamRetentionMs.value;
    for (const [arn, stream] of this.streams) {
      if (stream.disabledAt !== undefined && stream.disabledAt <= cutoff) this.streams.delete(arn);
    }
  }
}

/** Index of the first record whose sequence number is >= `sequence` (records are sorted). */
function firstAtOrAfter(records: StoredStreamRecord[], sequence: bigint): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((records[mid] as StoredStreamRecord).sequenceNumber < sequence) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The JSON `__type` AWS uses for validation errors of DynamoDB and DynamoDB Streams. */
const VALIDATION_ERROR_TYPE = 'com.amazon.coral.validate#ValidationException';

/** A ValidationException with AWS's `__type`. */
export function streamValidationError(message: string): AwsError {
  return new AwsError('ValidationException', message, 400, undefined, {
    __type: VALIDATION_ERROR_TYPE,
  });
}

function trimmedError(position: string): AwsError {
  return new AwsError(
    'TrimmedDataAccessException',
    `The requested sequence number ${position} is beyond the trim horizon: the record was removed after the 24 hour retention period`
  );
}

/** `Thu Jan 22 01:22:02 UTC 2015`, the date format of AWS's ExpiredIteratorException text. */
function amzUtc(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes()
  )}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

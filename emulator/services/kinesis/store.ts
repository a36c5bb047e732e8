import { AwsError } from '../../core/errors';
import { quotas } from '../../core/quotas';
import type { EmulatorEnv } from '../../core/service';
import { TokenBucket } from '../../core/token-bucket';
import { base64ByteLength } from '../../core/validate';
import {
  evenHashKeyRange,
  HASH_SPACE,
  partitionKeyHash,
  shardIdOf,
  shardIndexForHash,
} from './hashing';
import { decodeIterator, encodeIterator } from './iterator';
import { parseSequenceNumber, shardSequenceBase } from './sequence';
import { SHARD_LEVEL_METRICS, type ShardLevelMetric } from './shapes';

/** Options of the Kinesis service. */
export interface KinesisOptions {
  /** Emulated ms a new stream stays CREATING before it is ACTIVE. Default 0 (ACTIVE at once). */
  createStreamMs?: number;
  /** Emulated ms a deleted stream stays DELETING before it is gone. Default 0. */
  deleteStreamMs?: number;
}

export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';
export type StreamStatus = 'CREATING' | 'DELETING' | 'ACTIVE';

/** How a request names a stream: by name, by ARN, or both. */
export interface StreamRef {
  StreamName?: string;
  StreamARN?: string;
}

/** One record as GetRecords returns it (JSON shape: Data base64, timestamp in epoch seconds). */
export interface KinesisRecord {
  SequenceNumber: string;
  ApproximateArrivalTimestamp: number;
  Data: string;
  PartitionKey: string;
}

/** One entry of a put: Data is base64, as on the wire. */
export interface PutEntry {
  Data: string;
  PartitionKey: string;
  ExplicitHashKey?: string;
}

/** The result of one put entry: a sequence number, or an error code and message. */
export type PutResult =
  | { SequenceNumber: string; ShardId: string }
  | { ErrorCode: string; ErrorMessage: string };

/** Parameters of `createStream` (the CreateStream API plus what CloudFormation can set). */
export interface CreateStreamParams {
  StreamName: string;
  ShardCount?: number;
  StreamModeDetails?: { StreamMode: StreamMode };
  Tags?: Record<string, string>;
  /** AWS::Kinesis::Stream RetentionPeriodHours. Default 24. */
  RetentionPeriodHours?: number;
  /** Shard-level metrics enabled from the start (as EnableEnhancedMonitoring would). */
  ShardLevelMetrics?: readonly ShardLevelMetric[];
}

/** GetShardIterator's input. */
export interface GetShardIteratorParams extends StreamRef {
  ShardId: string;
  ShardIteratorType:
    | 'AT_SEQUENCE_NUMBER'
    | 'AFTER_SEQUENCE_NUMBER'
    | 'TRIM_HORIZON'
    | 'LATEST'
    | 'AT_TIMESTAMP';
  StartingSequenceNumber?: string;
  /** Epoch seconds (JSON protocol) or an ISO-8601 string. */
  Timestamp?: number | string;
}

/** GetRecords' output. */
export interface GetRecordsResult {
  Records: KinesisRecord[];
  NextShardIterator: string;
  MillisBehindLatest: number;
}

interface StoredRecord {
  seq: bigint;
  sequenceNumber: string;
  data: string;
  /** Data bytes plus partition key bytes: what counts toward the byte quotas and metrics. */
  bytes: number;
  partitionKey: string;
  arrival: number;
}

/** One shard: its records (oldest first) and its throughput buckets. */
export class ShardState {
  readonly shardId: string;
  readonly startingHashKey: bigint;
  readonly endingHashKey: bigint;
  readonly startingSequence: bigint;
  /** Retained records are `records[head ...]`. */
  records: StoredRecord[] = [];
  head = 0;
  private counter = 0n;
  readonly writeRecords: TokenBucket;
  readonly writeBytes: TokenBucket;
  readonly readCalls: TokenBucket;
  readonly readBytes: TokenBucket;

  constructor(
    readonly index: number,
    count: number,
    streamCreatedAt: number
  ) {
    this.shardId = shardIdOf(index);
    const range = evenHashKeyRange(index, count);
    this.startingHashKey = range.start;
    this.endingHashKey = range.end;
    this.startingSequence = shardSequenceBase(streamCreatedAt, index);
    const now = streamCreatedAt;
    this.writeRecords = new TokenBucket(
      quotas.kinesisShardWriteRecordsPerSecond.value,
      quotas.kinesisShardWriteRecordsPerSecond.value,
      now
    );
    this.writeBytes = new TokenBucket(
      quotas.kinesisShardWriteBytesPerSecond.value,
      quotas.kinesisShardWriteBytesPerSecond.value,
      now
    );
    this.readCalls = new TokenBucket(
      quotas.kinesisShardReadTransactionsPerSecond.value,
      quotas.kinesisShardReadTransactionsPerSecond.value,
      now
    );
    this.readBytes = new TokenBucket(
      quotas.kinesisShardReadBytesPerSecond.value,
      quotas.kinesisShardReadBytesPerSecond.value,
      now
    );
  }

  /** The sequence number the next record will get. */
  get nextSequence(): bigint {
    return this.startingSequence + this.counter;
  }

  /**
   * Admits one record of `bytes` if the shard has a record token and enough byte tokens now.
   * A record larger than the byte bucket (a 1 MiB record plus its key) is admitted when the
   * bucket is full and leaves a debt, so maximum-size records still go through.
   */
  admitWrite(bytes: number, now: number): boolean {
    if (this.writeRecords.available(now) < 1) return false;
    if (this.writeBytes.available(now) < Math.min(bytes, this.writeBytes.capacity)) return false;
    this.writeRecords.take(1, now);
    this.writeBytes.take(bytes, now);
    return true;
  }

  append(data: string, bytes: number, partitionKey: string, now: number): StoredRecord {
    const seq = this.nextSequence;
    this.counter += 1n;
    const record = { seq, sequenceNumber: seq.toString(), data, bytes, partitionKey, arrival: now };
    this.records.push(record);
    return record;
  }

  /** Drops records older than the retention period. */
  trim(now: number, retentionMs: number): void {
    const cutoff = now - retentionMs;
    while (
      this.head < this.records.length &&
      (this.records[this.head] as StoredRecord).arrival < cutoff
    ) {
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
  }

  /** Index of the first retained record with sequence number >= `position`. */
  indexAt(position: bigint): number {
    let lo = this.head;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.records[mid] as StoredRecord).seq < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first retained record that arrived at or after `time` (ms). */
  indexAtTime(time: number): number {
    let lo = this.head;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.records[mid] as StoredRecord).arrival < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** One stream and its shards. */
export class StreamState {
  readonly shards: ShardState[];
  readonly shardLevelMetrics = new Set<ShardLevelMetric>();
  deleteAt: number | undefined;

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly createdAt: number,
    readonly activeAt: number,
    readonly mode: StreamMode,
    shardCount: number,
    readonly retentionHours: number,
    readonly tags: Record<string, string>
  ) {
    this.shards = Array.from(
      { length: shardCount },
      (_, i) => new ShardState(i, shardCount, createdAt)
    );
  }

  status(now: number): StreamStatus {
    if (this.deleteAt !== undefined) return 'DELETING';
    return now < this.activeAt ? 'CREATING' : 'ACTIVE';
  }

  get retentionMs(): number {
    return this.retentionHours * 3600 * 1000;
  }

  /** The shard owning `hashKey`. */
  shardFor(hashKey: bigint): ShardState {
    return this.shards[shardIndexForHash(hashKey, this.shards.length)] as ShardState;
  }
}

/**
 * The Kinesis data: streams, shards, records and per-shard quotas. The API actions are thin
 * wrappers over it; other parts of the emulator (the CloudFormation interpreter, event source
 * mapping and Pipes pollers) call it directly and get the same quotas and metrics:
 *   store.createStream({ StreamName, ShardCount, ShardLevelMetrics })
 *   const { ShardIterator } = store.getShardIterator({ StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' })
 *   const { Records, NextShardIterator } = store.getRecords({ ShardIterator, Limit: 100 })
 * Every method throws AwsError with AWS's codes and messages.
 */
export class KinesisStore {
  private readonly streams = new Map<string, StreamState>();

  constructor(
    readonly env: EmulatorEnv,
    private readonly options: KinesisOptions = {}
  ) {}

  private now(): number {
    return this.env.clock.now();
  }

  /** `arn:aws:kinesis:<region>:<account>:stream/<name>` */
  streamArn(name: string): string {
    return `arn:aws:kinesis:${this.env.region}:${this.env.accountId}:stream/${name}`;
  }

  notFound(name: string, accountId = this.env.accountId): AwsError {
    return new AwsError(
      'ResourceNotFoundException',
      `Stream ${name} under account ${accountId} not found.`
    );
  }

  /** Creates a stream (ACTIVE after `createStreamMs`). */
  createStream(params: CreateStreamParams): StreamState {
    const now = this.now();
    this.purge(now);
    const name = params.StreamName;
    if (this.streams.has(name)) {
      throw new AwsError(
        'ResourceInUseException',
        `Stream ${name} under account ${this.env.accountId} already exists.`
      );
    }
    const mode = params.StreamModeDetails?.StreamMode ?? 'PROVISIONED';
    let shardCount: number;
    if (mode === 'ON_DEMAND') {
      shardCount = quotas.kinesisOnDemandInitialShards.value;
    } else {
      if (params.ShardCount === undefined || params.ShardCount === null) {
        throw new AwsError(
          'InvalidArgumentException',
          'ShardCount must be specified for a stream in PROVISIONED mode.'
        );
      }
      shardCount = Math.floor(params.ShardCount);
    }
    const stream = new StreamState(
      name,
      this.streamArn(name),
      now,
      now + (this.options.createStreamMs ?? 0),
      mode,
      shardCount,
      params.RetentionPeriodHours ?? quotas.kinesisDefaultRetentionHours.value,
      { ...params.Tags }
    );
    for (const metric of params.ShardLevelMetrics ?? []) stream.shardLevelMetrics.add(metric);
    this.streams.set(name, stream);
    return stream;
  }

  /** Starts deleting a stream (gone after `deleteStreamMs`). */
  deleteStream(ref: StreamRef): void {
    const stream = this.stream(ref);
    const deleteMs = this.options.deleteStreamMs ?? 0;
    if (deleteMs <= 0) this.streams.delete(stream.name);
    else stream.deleteAt = this.now() + deleteMs;
  }

  /** The streams that exist (any status), sorted by name. */
  listStreams(): StreamState[] {
    this.purge(this.now());
    return [...this.streams.values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0
    );
  }

  /** The name a request addresses (StreamARN wins when both are given). */
  resolveName(ref: StreamRef): string {
    if (ref.StreamARN !== undefined && ref.StreamARN !== null) {
      const m = /^arn:aws[^:]*:kinesis:([^:]*):(\d{12}):stream\/(\S+)$/.exec(ref.StreamARN);
      if (!m) throw new AwsError('InvalidArgumentException', `Invalid StreamARN ${ref.StreamARN}.`);
      const [, region, accountId, name] = m as unknown as [string, string, string, string];
      if (region !== this.env.region || accountId !== this.env.accountId)
        throw this.notFound(name, accountId);
      if (ref.StreamName !== undefined && ref.StreamName !== null && ref.StreamName !== name) {
        throw new AwsError(
          'InvalidArgumentException',
          `StreamARN ${ref.StreamARN} and StreamName ${ref.StreamName} do not name the same stream.`
        );
      }
      return name;
    }
    if (ref.StreamName !== undefined && ref.StreamName !== null) return ref.StreamName;
    throw new AwsError(
      'InvalidArgumentException',
      'Either StreamName or StreamARN should be provided.'
    );
  }

  /**
   * The stream a request addresses; ResourceNotFoundException if it does not exist (or, with
   * `active`, is not ACTIVE: data-plane calls on a CREATING or DELETING stream).
   */
  stream(ref: StreamRef, options: { active?: boolean } = {}): StreamState {
    const now = this.now();
    this.purge(now);
    const name = this.resolveName(ref);
    const stream = this.streams.get(name);
    if (!stream) throw this.notFound(name);
    if (options.active && stream.status(now) !== 'ACTIVE') throw this.notFound(name);
    return stream;
  }

  /** Turns shard-level metrics on or off; returns the sets before and after. */
  setShardLevelMetrics(
    ref: StreamRef,
    metrics: readonly string[],
    enable: boolean
  ): { stream: StreamState; before: ShardLevelMetric[]; after: ShardLevelMetric[] } {
    const stream = this.stream(ref);
    const before = [...stream.shardLevelMetrics];
    const names = metrics.includes('ALL') ? SHARD_LEVEL_METRICS : (metrics as ShardLevelMetric[]);
    for (const metric of names) {
      if (enable) stream.shardLevelMetrics.add(metric);
      else stream.shardLevelMetrics.delete(metric);
    }
    return { stream, before, after: [...stream.shardLevelMetrics] };
  }

  /**
   * Writes records, each admitted or throttled by its shard's write buckets (1,000 records/s
   * and 1 MiB/s per shard). Returns one result per entry, in order; emits AWS/Kinesis metrics
   * for `operation`.
   */
  put(
    stream: StreamState,
    entries: readonly PutEntry[],
    operation: 'PutRecord' | 'PutRecords'
  ): PutResult[] {
    const now = this.now();
    // Hash keys first: an out-of-range ExplicitHashKey fails the whole request, as on AWS.
    const hashKeys = entries.map((entry) => {
      if (entry.ExplicitHashKey === undefined || entry.ExplicitHashKey === null) {
        return partitionKeyHash(entry.PartitionKey);
      }
      const hashKey = BigInt(entry.ExplicitHashKey);
      if (hashKey >= HASH_SPACE) {
        throw new AwsError(
          'InvalidArgumentException',
          `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${entry.ExplicitHashKey}`
        );
      }
      return hashKey;
    });
    const results: PutResult[] = [];
    const perShard = new Map<ShardState, { records: number; bytes: number; throttled: number }>();
    let acceptedRecords = 0;
    let acceptedBytes = 0;
    let throttledRecords = 0;
    entries.forEach((entry, i) => {
      const shard = stream.shardFor(hashKeys[i] as bigint);
      shard.trim(now, stream.retentionMs);
      const bytes = base64ByteLength(entry.Data) + Buffer.byteLength(entry.PartitionKey, 'utf8');
      let counts = perShard.get(shard);
      if (!counts) {
        counts = { records: 0, bytes: 0, throttled: 0 };
        perShard.set(shard, counts);
      }
      if (shard.admitWrite(bytes, now)) {
        const record = shard.append(entry.Data, bytes, entry.PartitionKey, now);
        results.push({ SequenceNumber: record.sequenceNumber, ShardId: shard.shardId });
        acceptedRecords++;
        acceptedBytes += bytes;
        counts.records++;
        counts.bytes += bytes;
      } else {
        results.push({
          ErrorCode: 'ProvisionedThroughputExceededException',
          ErrorMessage: `Rate exceeded for shard ${shard.shardId} in stream ${stream.name} under account ${this.env.accountId}.`,
        });
        throttledRecords++;
        counts.throttled++;
      }
    });

    const metric = this.metricEmitter(stream, now);
    metric('IncomingRecords', acceptedRecords, 'Count');
    metric('IncomingBytes', acceptedBytes, 'Bytes');
    if (operation === 'PutRecord') {
      metric('PutRecord.Success', acceptedRecords > 0 ? 1 : 0, 'Count');
      if (acceptedRecords > 0) metric('PutRecord.Bytes', acceptedBytes, 'Bytes');
    } else {
      metric('PutRecords.Success', acceptedRecords > 0 ? 1 : 0, 'Count');
      metric('PutRecords.Bytes', acceptedBytes, 'Bytes');
      metric('PutRecords.TotalRecords', entries.length, 'Count');
      metric('PutRecords.SuccessfulRecords', acceptedRecords, 'Count');
      metric('PutRecords.Records', acceptedRecords, 'Count');
      metric('PutRecords.FailedRecords', 0, 'Count');
      metric('PutRecords.ThrottledRecords', throttledRecords, 'Count');
    }
    metric('WriteProvisionedThroughputExceeded', throttledRecords, 'Count');
    for (const [shard, counts] of perShard) {
      const shardMetric = this.metricEmitter(stream, now, shard);
      shardMetric('IncomingRecords', counts.records, 'Count');
      shardMetric('IncomingBytes', counts.bytes, 'Bytes');
      shardMetric('WriteProvisionedThroughputExceeded', counts.throttled, 'Count');
    }
    return results;
  }

  /** GetShardIterator: an iterator positioned in one shard. */
  getShardIterator(params: GetShardIteratorParams): { ShardIterator: string } {
    const now = this.now();
    const stream = this.stream(params);
    const account = this.env.accountId;
    const shardDigits = params.ShardId.split('-')[1] ?? params.ShardId;
    const shardIndex = /^\d+$/.test(shardDigits) ? Number(shardDigits) : Number.NaN;
    if (!(shardIndex >= 0 && shardIndex <= 2_147_483_647)) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Could not find shard ${params.ShardId} in stream ${stream.name} under account ${account}.`
      );
    }
    const shardId = shardIdOf(shardIndex);
    const shard = stream.shards[shardIndex];
    if (!shard) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Shard ${shardId} in stream ${stream.name} under account ${account} does not exist`
      );
    }
    shard.trim(now, stream.retentionMs);
    const type = params.ShardIteratorType;
    const hasSequence =
      params.StartingSequenceNumber !== undefined && params.StartingSequenceNumber !== null;
    const mismatch = (what: string) =>
      new AwsError(
        'InvalidArgumentException',
        'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or ' +
          '(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. ' +
          `Request specified ${type} and ${what}.`
      );
    let position: bigint;
    switch (type) {
      case 'TRIM_HORIZON':
      case 'LATEST':
        if (hasSequence) throw mismatch('also a StartingSequenceNumber');
        position = type === 'TRIM_HORIZON' ? shard.startingSequence : shard.nextSequence;
        break;
      case 'AT_SEQUENCE_NUMBER':
      case 'AFTER_SEQUENCE_NUMBER': {
        if (!hasSequence) throw mismatch('no StartingSequenceNumber');
        const given = params.StartingSequenceNumber as string;
        const parsed = parseSequenceNumber(given);
        if (!parsed) {
          throw new AwsError(
            'InvalidArgumentException',
            `StartingSequenceNumber ${given} used in GetShardIterator on shard ${shardId} in stream ${stream.name} under account ${account} is invalid.`
          );
        }
        if (parsed.shardIndex !== shardIndex) {
          throw new AwsError(
            'InvalidArgumentException',
            `Invalid StartingSequenceNumber. It encodes ${shardIdOf(parsed.shardIndex)}, while it was used in a call to a shard with ${shardId}`
          );
        }
        if (parsed.streamCreatedAt !== stream.createdAt) {
          throw new AwsError(
            'InvalidArgumentException',
            `StartingSequenceNumber ${given} used in GetShardIterator on shard ${shardId} in stream ${stream.name} under account ${account} is invalid because it did not come from this stream.`
          );
        }
        position = BigInt(given) + (type === 'AFTER_SEQUENCE_NUMBER' ? 1n : 0n);
        break;
      }
      case 'AT_TIMESTAMP': {
        if (params.Timestamp === undefined || params.Timestamp === null) {
          throw new AwsError(
            'InvalidArgumentException',
            'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.'
          );
        }
        const at = toMillis(params.Timestamp);
        if (at > now) {
          throw new AwsError(
            'InvalidArgumentException',
            `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${at}, currentTimestampInMillis: ${now}`
          );
        }
        const index = shard.indexAtTime(at);
        position =
          index < shard.records.length
            ? (shard.records[index] as StoredRecord).seq
            : shard.nextSequence;
        break;
      }
      default:
        throw new AwsError(
          'InvalidArgumentException',
          `Invalid ShardIteratorType ${String(type)}.`
        );
    }
    return {
      ShardIterator: encodeIterator({
        streamName: stream.name,
        streamCreatedAt: stream.createdAt,
        shardIndex,
        position,
        issuedAt: now,
      }),
    };
  }

  /**
   * GetRecords: reads from an iterator's position, within the shard's read quotas (5 calls/s
   * and 2 MiB/s, shared by every reader of the shard); at most `Limit` records and 10 MiB.
   */
  getRecords(params: { ShardIterator: string; Limit?: number }): GetRecordsResult {
    const now = this.now();
    const account = this.env.accountId;
    const state = decodeIterator(params.ShardIterator);
    if (!state) throw new AwsError('InvalidArgumentException', 'Invalid ShardIterator.');
    const lifetime = quotas.kinesisShardIteratorLifetimeMs.value;
    if (now - state.issuedAt > lifetime) {
      throw new AwsError(
        'ExpiredIteratorException',
        `Iterator expired. The iterator was created at time ${amzUtc(state.issuedAt)} while right now it is ${amzUtc(now)} which is further in the future than the tolerated delay of ${lifetime} milliseconds.`
      );
    }
    this.purge(now);
    const stream = this.streams.get(state.streamName);
    const shardId = shardIdOf(state.shardIndex);
    const shard =
      stream?.createdAt === state.streamCreatedAt ? stream.shards[state.shardIndex] : undefined;
    if (!stream || !shard || stream.status(now) === 'DELETING') {
      throw new AwsError(
        'ResourceNotFoundException',
        `Shard ${shardId} in stream ${state.streamName} under account ${account} does not exist`
      );
    }
    if (shard.readCalls.available(now) < 1 || shard.readBytes.available(now) <= 0) {
      const metric = this.metricEmitter(stream, now);
      metric('ReadProvisionedThroughputExceeded', 1, 'Count');
      metric('GetRecords.Success', 0, 'Count');
      this.metricEmitter(stream, now, shard)('ReadProvisionedThroughputExceeded', 1, 'Count');
      throw new AwsError(
        'ProvisionedThroughputExceededException',
        `Rate exceeded for Shard - ${account}/${stream.name}/${shard.shardId}`
      );
    }
    shard.readCalls.take(1, now);
    shard.trim(now, stream.retentionMs);

    const limit = params.Limit ?? quotas.kinesisGetRecordsMaxRecords.value;
    const maxBytes = quotas.kinesisGetRecordsMaxBytes.value;
    const start = shard.indexAt(state.position);
    let end = start;
    let bytes = 0;
    while (end < shard.records.length && end - start < limit) {
      const record = shard.records[end] as StoredRecord;
      if (end > start && bytes + record.bytes > maxBytes) break;
      bytes += record.bytes;
      end++;
    }
    shard.readBytes.take(bytes, now);
    const returned = shard.records.slice(start, end);
    const last = returned[returned.length - 1];
    const caughtUp = end >= shard.records.length;
    const millisBehind = caughtUp
      ? 0
      : now - (last ?? (shard.records[end] as StoredRecord)).arrival;
    const iteratorAge = last ? now - last.arrival : 0;

    const metric = this.metricEmitter(stream, now);
    metric('GetRecords.Success', 1, 'Count');
    metric('GetRecords.Records', returned.length, 'Count');
    metric('GetRecords.Bytes', bytes, 'Bytes');
    metric('GetRecords.IteratorAgeMilliseconds', iteratorAge, 'Milliseconds');
    metric('ReadProvisionedThroughputExceeded', 0, 'Count');
    const shardMetric = this.metricEmitter(stream, now, shard);
    shardMetric('OutgoingRecords', returned.length, 'Count');
    shardMetric('OutgoingBytes', bytes, 'Bytes');
    shardMetric('IteratorAgeMilliseconds', iteratorAge, 'Milliseconds');
    shardMetric('ReadProvisionedThroughputExceeded', 0, 'Count');

    return {
      Records: returned.map((record) => ({
        SequenceNumber: record.sequenceNumber,
        ApproximateArrivalTimestamp: record.arrival / 1000,
        Data: record.data,
        PartitionKey: record.partitionKey,
      })),
      NextShardIterator: encodeIterator({
        ...state,
        position: last ? last.seq + 1n : state.position,
        issuedAt: now,
      }),
      MillisBehindLatest: millisBehind,
    };
  }

  /**
   * A function that records one AWS/Kinesis data point: stream level, or shard level (only
   * for the shard-level metrics enabled on the stream) when `shard` is given.
   */
  private metricEmitter(stream: StreamState, now: number, shard?: ShardState) {
    return (metricName: string, value: number, unit: string) => {
      if (shard && !stream.shardLevelMetrics.has(metricName as ShardLevelMetric)) return;
      this.env.metrics.record({
        namespace: 'AWS/Kinesis',
        metricName,
        dimensions: shard
          ? { StreamName: stream.name, ShardId: shard.shardId }
          : { StreamName: stream.name },
        value,
        unit,
        timestamp: now,
      });
    };
  }

  /** Forgets streams whose deletion has completed. */
  private purge(now: number): void {
    for (const [name, stream] of this.streams) {
      if (stream.deleteAt !== undefined && now >= stream.deleteAt) this.streams.delete(name);
    }
  }
}

/** Epoch seconds (number) or an ISO string -> epoch ms. */
function toMillis(value: number | string): number {
  return typeof value === 'number' ? Math.round(value * 1000) : Date.parse(value);
}

/** `Thu Jan 22 01:22:02 UTC 2015`, the date format of AWS's ExpiredIteratorException message. */
function amzUtc(ms: number): string {
  const m = /^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/.exec(new Date(ms).toUTCString());
  if (!m) return new Date(ms).toISOString();
  const [, day, date, month, year, time] = m;
  return `${day} ${month} ${date} ${time} UTC ${year}`;
}

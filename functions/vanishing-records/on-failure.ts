/**
 * The document a Kinesis event source mapping sends to its on-failure destination when a
 * batch has used up its retries. For SQS (and SNS) destinations it describes the failed batch
 * and carries NO record data: the records must be read back from the shard before they
 * expire. One message = one batch of `batchSize` records.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 */
export interface OnFailureRecord {
  requestContext?: {
    requestId?: string;
    functionArn?: string;
    /** `RetryAttemptsExhausted` (documented), or a record-age condition. */
    condition?: string;
    approximateInvokeCount?: number;
  };
  responseContext?: {
    statusCode?: number;
    executedVersion?: string;
    functionError?: string;
  };
  version?: string;
  timestamp?: string;
  KinesisBatchInfo: KinesisBatchInfo;
}

/** Where the failed batch sits in the stream. */
export interface KinesisBatchInfo {
  shardId: string;
  /** Sequence numbers are decimal strings of ~56 digits: compare them as BigInt. */
  startSequenceNumber: string;
  endSequenceNumber: string;
  approximateArrivalOfFirstRecord?: string;
  approximateArrivalOfLastRecord?: string;
  batchSize: number;
  streamArn: string;
}

/** The message on the on-failure queue is not an on-failure record of a Kinesis batch. */
export class NotAnOnFailureRecordError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NotAnOnFailureRecordError';
  }
}

const SEQUENCE_NUMBER = /^\d+$/;

function requireString(info: Record<string, unknown>, key: string, pattern?: RegExp): string {
  const value = info[key];
  if (typeof value !== 'string' || value === '' || (pattern && !pattern.test(value))) {
    throw new NotAnOnFailureRecordError(
      `KinesisBatchInfo.${key} must be a ${pattern ? 'decimal string' : 'non-empty string'} (got ${JSON.stringify(value)})`
    );
  }
  return value;
}

/**
 * Parses the body of a message from the `ofd` queue and returns its KinesisBatchInfo, or
 * throws NotAnOnFailureRecordError saying what is missing.
 */
export function parseOnFailureMessage(body: string): KinesisBatchInfo {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    throw new NotAnOnFailureRecordError('the message body is not JSON', { cause: e });
  }
  const info = (parsed as Partial<OnFailureRecord> | null)?.KinesisBatchInfo as unknown;
  if (typeof info !== 'object' || info === null) {
    throw new NotAnOnFailureRecordError('the message has no KinesisBatchInfo object');
  }
  const fields = info as Record<string, unknown>;
  const batchSize = fields.batchSize;
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1) {
    throw new NotAnOnFailureRecordError(
      `KinesisBatchInfo.batchSize must be a positive integer (got ${JSON.stringify(batchSize)})`
    );
  }
  const batch: KinesisBatchInfo = {
    shardId: requireString(fields, 'shardId'),
    startSequenceNumber: requireString(fields, 'startSequenceNumber', SEQUENCE_NUMBER),
    endSequenceNumber: requireString(fields, 'endSequenceNumber', SEQUENCE_NUMBER),
    batchSize,
    streamArn: requireString(fields, 'streamArn'),
  };
  if (BigInt(batch.endSequenceNumber) < BigInt(batch.startSequenceNumber)) {
    throw new NotAnOnFailureRecordError(
      `KinesisBatchInfo.endSequenceNumber ${batch.endSequenceNumber} is before startSequenceNumber ${batch.startSequenceNumber}`
    );
  }
  return batch;
}

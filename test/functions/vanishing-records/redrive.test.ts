import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-kinesis';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MissingEnvironmentError } from '../../../functions/shared/errors';
import { metrics } from '../../../functions/shared/powertools';
import {
  type OnFailureRecord,
  parseOnFailureMessage,
} from '../../../functions/vanishing-records/on-failure';
import type { EventRecord } from '../../../functions/vanishing-records/record';
import {
  EMPTY_PAGE_PAUSE_MS,
  handler,
  MAX_EMPTY_PAGES,
  type RedriveDeps,
  readFailedBatch,
  redriveBatch,
  redriveFor,
} from '../../../functions/vanishing-records/redrive';
import { Env, MetricName } from '../../../infra/names';
import { ConsoleCapture } from '../../helpers/console-capture';
import { FakeClock } from '../../helpers/fake-clock';
import { lambdaContext } from '../../helpers/lambda-context';

const STREAM_ARN =
  'arn:aws:kinesis:us-east-1:123456789012:stream/forensics-vanishing-records-events';
const SHARD_ID = 'shardId-000000000000';
const PARKED_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/forensics-parked';
const OFD_QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:forensics-ofd';

/** Sequence numbers of 7 consecutive records on the shard (56 digits, growing, not contiguous). */
const SEQ = Array.from({ length: 7 }, (_, i) =>
  String(49601189658422359378836298521827638475320189012309704722n + BigInt(i) * 1_000_000n)
);

/** The failed batch: records 1..5 of the shard (SEQ[1] to SEQ[5]); the record at seq 3 is poison. */
const BATCH = { start: SEQ[1] as string, end: SEQ[5] as string, size: 5 };

/** The record stored at SEQ[i]: the producer's JSON, poison at i = 3. */
function shardRecord(i: number): _Record {
  const record: EventRecord = {
    id: `run-1-${100 + i}`,
    seq: 100 + i,
    poison: i === 3,
    payload: `reading ${100 + i} of run run-1`,
  };
  return {
    SequenceNumber: SEQ[i],
    ApproximateArrivalTimestamp: new Date('2026-01-01T00:00:00.000Z'),
    Data: Buffer.from(JSON.stringify(record)),
    PartitionKey: record.id,
  };
}

/** An on-failure message body exactly as the Kinesis ESM sends it (aws-facts C.4). */
function onFailureBody(batch = BATCH): string {
  const document: OnFailureRecord = {
    requestContext: {
      requestId: 'c9b8fa9f-5a7f-xmpl-af9c-0c604cde93a5',
      functionArn:
        'arn:aws:lambda:us-east-1:123456789012:function:forensics-vanishing-records-processor',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      functionError: 'Unhandled',
    },
    version: '1.0',
    timestamp: '2026-01-01T00:00:06.021Z',
    KinesisBatchInfo: {
      shardId: SHARD_ID,
      startSequenceNumber: batch.start,
      endSequenceNumber: batch.end,
      approximateArrivalOfFirstRecord: '2026-01-01T00:00:04.835Z',
      approximateArrivalOfLastRecord: '2026-01-01T00:00:05.580Z',
      batchSize: batch.size,
      streamArn: STREAM_ARN,
    },
  };
  return JSON.stringify(document);
}

/** An SQS -> Lambda record (aws-facts C.2) from the `ofd` queue. */
function sqsRecord(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `AQEB${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1767225606021',
      SenderId: 'AROAEXAMPLE:awslambda_123',
      ApproximateFirstReceiveTimestamp: '1767225606030',
    },
    messageAttributes: {},
    md5OfBody: '00000000000000000000000000000000',
    eventSource: 'aws:sqs',
    eventSourceARN: OFD_QUEUE_ARN,
    awsRegion: 'us-east-1',
  };
}

function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

const kinesisMock = mockClient(KinesisClient);
const sqsMock = mockClient(SQSClient);

function deps(clock = new FakeClock()): RedriveDeps {
  return {
    kinesis: new KinesisClient({}),
    sqs: new SQSClient({}),
    parkedQueueUrl: PARKED_QUEUE_URL,
    clock,
  };
}

/** The shard: records 1-3 on the first page, 4-6 on the second (6 is past the batch's end). */
function shardInTwoPages(): void {
  kinesisMock.on(GetShardIteratorCommand).resolves({ ShardIterator: 'iterator-1' });
  kinesisMock
    .on(GetRecordsCommand, { ShardIterator: 'iterator-1' })
    .resolves({
      Records: [1, 2, 3].map(shardRecord),
      NextShardIterator: 'iterator-2',
      MillisBehindLatest: 4_000,
    })
    .on(GetRecordsCommand, { ShardIterator: 'iterator-2' })
    .resolves({
      Records: [4, 5, 6].map(shardRecord),
      NextShardIterator: 'iterator-3',
      MillisBehindLatest: 3_000,
    })
    .on(GetRecordsCommand, { ShardIterator: 'iterator-3' })
    .rejects(new Error('read past the end of the failed batch'));
}

/** Flushes the metrics that business functions called directly have stored. */
function flushMetrics(): void {
  metrics.publishStoredMetrics();
}

describe('parseOnFailureMessage', () => {
  it('returns the KinesisBatchInfo of an on-failure record', () => {
    // Act
    const batch = parseOnFailureMessage(onFailureBody());

    // Assert
    expect(batch).toEqual({
      shardId: SHARD_ID,
      startSequenceNumber: BATCH.start,
      endSequenceNumber: BATCH.end,
      batchSize: 5,
      streamArn: STREAM_ARN,
    });
  });

  it.each([
    ['a body that is not JSON', 'Test message.', /not JSON/],
    ['a body without KinesisBatchInfo', '{"version":"1.0"}', /no KinesisBatchInfo/],
    [
      'a batchSize that is not a positive integer',
      JSON.stringify({
        KinesisBatchInfo: { ...JSON.parse(onFailureBody()).KinesisBatchInfo, batchSize: 0 },
      }),
      /batchSize must be a positive integer \(got 0\)/,
    ],
    [
      'a sequence number that is not decimal',
      JSON.stringify({
        KinesisBatchInfo: {
          ...JSON.parse(onFailureBody()).KinesisBatchInfo,
          startSequenceNumber: 'abc',
        },
      }),
      /startSequenceNumber must be a decimal string/,
    ],
    [
      'an end before the start',
      onFailureBody({ start: SEQ[5] as string, end: SEQ[1] as string, size: 5 }),
      /is before startSequenceNumber/,
    ],
  ])('rejects %s', (_name, body, message) => {
    // Act + Assert
    expect(() => parseOnFailureMessage(body)).toThrow(message);
  });
});

describe('redrive', () => {
  let capture: ConsoleCapture;

  beforeEach(() => {
    kinesisMock.reset();
    sqsMock.reset();
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'parked-1' });
    capture = new ConsoleCapture();
  });

  afterEach(() => {
    metrics.clearMetrics();
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  describe('broken', () => {
    beforeEach(() => {
      vi.stubEnv(Env.Variant, 'broken');
      vi.stubEnv(Env.ParkedQueueUrl, PARKED_QUEUE_URL);
    });

    it('counts one retry per on-failure message, whatever the batch size', async () => {
      // Arrange: two failed batches of 5 records each.
      const event = sqsEvent(sqsRecord('m-1', onFailureBody()), sqsRecord('m-2', onFailureBody()));

      // Act
      const response = await handler(event, lambdaContext('redrive'));

      // Assert
      expect(response).toEqual({ batchItemFailures: [] });
      expect(capture.metricSum(MetricName.FailedBatchesReceived)).toBe(2);
      expect(capture.metricSum(MetricName.RecordsRetried)).toBe(2);
      expect(capture.metricSum(MetricName.RecordsRecovered)).toBe(2);
      expect(capture.metricSums()[MetricName.RecordsParked]).toBeUndefined();
    });

    it('never reads the shard and never parks anything', async () => {
      // Arrange
      const event = sqsEvent(sqsRecord('m-1', onFailureBody()));

      // Act
      await handler(event, lambdaContext('redrive'));

      // Assert
      expect(kinesisMock).not.toHaveReceivedCommand(GetShardIteratorCommand);
      expect(kinesisMock).not.toHaveReceivedCommand(GetRecordsCommand);
      expect(sqsMock).not.toHaveReceivedCommand(SendMessageCommand);
    });

    it('logs a clean "record retried" per message', async () => {
      // Arrange
      const event = sqsEvent(sqsRecord('m-1', onFailureBody()));

      // Act
      await handler(event, lambdaContext('redrive'));

      // Assert
      expect(capture.logs('record retried')).toEqual([
        expect.objectContaining({ messageId: 'm-1' }),
      ]);
      expect(capture.entries().filter((entry) => entry.level === 'ERROR')).toEqual([]);
    });
  });

  describe('fixed', () => {
    beforeEach(() => {
      vi.stubEnv(Env.Variant, 'fixed');
      vi.stubEnv(Env.ParkedQueueUrl, PARKED_QUEUE_URL);
    });

    it('re-reads the batch from its shard, starting AT_SEQUENCE_NUMBER at its first record', async () => {
      // Arrange
      shardInTwoPages();

      // Act
      await handler(sqsEvent(sqsRecord('m-1', onFailureBody())), lambdaContext('redrive'));

      // Assert
      expect(kinesisMock).toHaveReceivedCommandTimes(GetShardIteratorCommand, 1);
      expect(kinesisMock).toHaveReceivedCommandWith(GetShardIteratorCommand, {
        StreamARN: STREAM_ARN,
        ShardId: SHARD_ID,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        StartingSequenceNumber: BATCH.start,
      });
    });

    it('reads 5 records across two GetRecords pages and stops at endSequenceNumber', async () => {
      // Arrange
      shardInTwoPages();

      // Act
      const records = await readFailedBatch(parseOnFailureMessage(onFailureBody()), deps());

      // Assert
      expect(records.map((record) => record.SequenceNumber)).toEqual(SEQ.slice(1, 6));
      expect(kinesisMock).toHaveReceivedCommandTimes(GetRecordsCommand, 2);
      expect(kinesisMock).not.toHaveReceivedCommandWith(GetRecordsCommand, {
        ShardIterator: 'iterator-3',
      });
    });

    it('stops as soon as it has read the end record, without asking for another page', async () => {
      // Arrange: the second page ends exactly with the batch's last record.
      kinesisMock.on(GetShardIteratorCommand).resolves({ ShardIterator: 'iterator-1' });
      kinesisMock
        .on(GetRecordsCommand, { ShardIterator: 'iterator-1' })
        .resolves({ Records: [1, 2].map(shardRecord), NextShardIterator: 'iterator-2' })
        .on(GetRecordsCommand, { ShardIterator: 'iterator-2' })
        .resolves({ Records: [3, 4, 5].map(shardRecord), NextShardIterator: 'iterator-3' });

      // Act
      const records = await readFailedBatch(parseOnFailureMessage(onFailureBody()), deps());

      // Assert
      expect(records.map((record) => record.SequenceNumber)).toEqual(SEQ.slice(1, 6));
      expect(kinesisMock).toHaveReceivedCommandTimes(GetRecordsCommand, 2);
    });

    it('recovers the 4 good records, parks the poison one, and counts 5 retried', async () => {
      // Arrange
      shardInTwoPages();

      // Act
      const response = await handler(
        sqsEvent(sqsRecord('m-1', onFailureBody())),
        lambdaContext('redrive')
      );

      // Assert
      expect(response).toEqual({ batchItemFailures: [] });
      expect(capture.metricSum(MetricName.FailedBatchesReceived)).toBe(1);
      expect(capture.metricSum(MetricName.RecordsRetried)).toBe(5);
      expect(capture.metricSum(MetricName.RecordsRecovered)).toBe(4);
      expect(capture.metricSum(MetricName.RecordsParked)).toBe(1);
    });

    it('sends the poison record to the parked queue with its data and the reason', async () => {
      // Arrange
      shardInTwoPages();

      // Act
      await handler(sqsEvent(sqsRecord('m-1', onFailureBody())), lambdaContext('redrive'));

      // Assert
      expect(sqsMock).toHaveReceivedCommandTimes(SendMessageCommand, 1);
      const body = JSON.parse(
        sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody ?? '{}'
      );
      expect(sqsMock).toHaveReceivedCommandWith(SendMessageCommand, { QueueUrl: PARKED_QUEUE_URL });
      expect(body).toEqual({
        reason: 'PoisonRecordError',
        error: 'record run-1-103 is poison and is refused',
        streamArn: STREAM_ARN,
        shardId: SHARD_ID,
        sequenceNumber: SEQ[3],
        partitionKey: 'run-1-103',
        data: Buffer.from(shardRecord(3).Data ?? new Uint8Array()).toString(),
        onFailureMessageId: 'm-1',
      });
    });

    it('stops on an empty page with a null iterator and logs the records missing', async () => {
      // Arrange: only the first 3 records of the batch are still on the shard.
      kinesisMock.on(GetShardIteratorCommand).resolves({ ShardIterator: 'iterator-1' });
      kinesisMock
        .on(GetRecordsCommand, { ShardIterator: 'iterator-1' })
        .resolves({ Records: [1, 2, 3].map(shardRecord), NextShardIterator: 'iterator-2' })
        .on(GetRecordsCommand, { ShardIterator: 'iterator-2' })
        .resolves({ Records: [], NextShardIterator: undefined });

      const clock = new FakeClock();
      const start = clock.now();

      // Act
      const response = await redriveBatch(
        sqsEvent(sqsRecord('m-1', onFailureBody())),
        redriveFor('fixed', () => deps(clock))
      );
      flushMetrics();

      // Assert
      expect(response).toEqual({ batchItemFailures: [] });
      expect(clock.now()).toBe(start);
      expect(kinesisMock).toHaveReceivedCommandTimes(GetRecordsCommand, 2);
      expect(capture.metricSum(MetricName.RecordsRetried)).toBe(3);
      expect(capture.metricSum(MetricName.RecordsRecovered)).toBe(2);
      expect(capture.metricSum(MetricName.RecordsParked)).toBe(1);
      expect(capture.logs('records missing from the shard')).toEqual([
        expect.objectContaining({ expected: 5, found: 3, missing: 2, messageId: 'm-1' }),
      ]);
    });

    it('gives up after a bounded number of empty pages, pausing between them', async () => {
      // Arrange: the shard keeps answering empty pages, yet claims to be behind.
      kinesisMock.on(GetShardIteratorCommand).resolves({ ShardIterator: 'iterator-1' });
      kinesisMock
        .on(GetRecordsCommand)
        .resolves({ Records: [], NextShardIterator: 'iterator-n', MillisBehindLatest: 60_000 });
      const clock = new FakeClock();
      const start = clock.now();

      // Act
      const records = await readFailedBatch(parseOnFailureMessage(onFailureBody()), deps(clock));

      // Assert
      expect(records).toEqual([]);
      expect(kinesisMock).toHaveReceivedCommandTimes(GetRecordsCommand, MAX_EMPTY_PAGES);
      expect(clock.now() - start).toBe((MAX_EMPTY_PAGES - 1) * EMPTY_PAGE_PAUSE_MS);
    });

    it('stops at the tip of the shard (an empty page 0 ms behind latest)', async () => {
      // Arrange
      kinesisMock.on(GetShardIteratorCommand).resolves({ ShardIterator: 'iterator-1' });
      kinesisMock
        .on(GetRecordsCommand)
        .resolves({ Records: [], NextShardIterator: 'iterator-n', MillisBehindLatest: 0 });

      // Act
      const records = await readFailedBatch(parseOnFailureMessage(onFailureBody()), deps());

      // Assert
      expect(records).toEqual([]);
      expect(kinesisMock).toHaveReceivedCommandTimes(GetRecordsCommand, 1);
    });

    it('leaves a message on the queue when the shard read fails, and counts nothing for it', async () => {
      // Arrange: m-1's read is throttled; m-2's batch is read fine.
      kinesisMock
        .on(GetShardIteratorCommand)
        .rejectsOnce(
          new ProvisionedThroughputExceededException({
            message: 'Rate exceeded for shard shardId-000000000000',
            $metadata: {},
          })
        )
        .resolves({ ShardIterator: 'iterator-1' });
      kinesisMock
        .on(GetRecordsCommand, { ShardIterator: 'iterator-1' })
        .resolves({ Records: [1, 2, 3].map(shardRecord), NextShardIterator: 'iterator-2' })
        .on(GetRecordsCommand, { ShardIterator: 'iterator-2' })
        .resolves({ Records: [4, 5].map(shardRecord), NextShardIterator: 'iterator-3' });

      // Act
      const response = await handler(
        sqsEvent(sqsRecord('m-1', onFailureBody()), sqsRecord('m-2', onFailureBody())),
        lambdaContext('redrive')
      );

      // Assert
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
      expect(capture.metricSum(MetricName.FailedBatchesReceived)).toBe(1);
      expect(capture.metricSum(MetricName.RecordsRetried)).toBe(5);
      expect(capture.logs('redrive failed')).toEqual([
        expect.objectContaining({ messageId: 'm-1' }),
      ]);
    });

    it('parks a message that is not an on-failure record instead of retrying it forever', async () => {
      // Act
      const response = await handler(
        sqsEvent(sqsRecord('m-1', 'Test message.')),
        lambdaContext('redrive')
      );

      // Assert
      expect(response).toEqual({ batchItemFailures: [] });
      expect(kinesisMock).not.toHaveReceivedCommand(GetShardIteratorCommand);
      expect(sqsMock).toHaveReceivedCommandWith(SendMessageCommand, {
        QueueUrl: PARKED_QUEUE_URL,
        MessageBody: expect.stringContaining('NotAnOnFailureRecordError'),
      });
      expect(capture.metricSum(MetricName.FailedBatchesReceived)).toBe(0);
      expect(capture.metricSum(MetricName.RecordsParked)).toBe(0);
    });

    it('fails without PARKED_QUEUE_URL', async () => {
      // Arrange
      vi.stubEnv(Env.ParkedQueueUrl, '');

      // Act
      const invocation = handler(
        sqsEvent(sqsRecord('m-1', onFailureBody())),
        lambdaContext('redrive')
      );

      // Assert
      await expect(invocation).rejects.toThrow(MissingEnvironmentError);
    });
  });

  it('fails with an unknown VARIANT', async () => {
    // Arrange
    vi.stubEnv(Env.Variant, 'half-fixed');

    // Act
    const invocation = handler(
      sqsEvent(sqsRecord('m-1', onFailureBody())),
      lambdaContext('redrive')
    );

    // Assert
    await expect(invocation).rejects.toThrow(/must be broken or fixed \(got 'half-fixed'\)/);
  });
});

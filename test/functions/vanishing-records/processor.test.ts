import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PoisonRecordError } from '../../../functions/shared/errors';
import { metrics } from '../../../functions/shared/powertools';
import { handler, processBatch } from '../../../functions/vanishing-records/processor';
import { type EventRecord, processRecord } from '../../../functions/vanishing-records/record';
import { MetricName } from '../../../infra/names';
import { ConsoleCapture } from '../../helpers/console-capture';
import { lambdaContext } from '../../helpers/lambda-context';

const STREAM_ARN =
  'arn:aws:kinesis:us-east-1:123456789012:stream/forensics-vanishing-records-events';
const SHARD_ID = 'shardId-000000000000';
const FIRST_SEQUENCE = 49601189658422359378836298521827638475320189012309704722n;

/** A record as the producer writes it. */
function eventRecord(seq: number, poison = false): EventRecord {
  return { id: `run-1-${seq}`, seq, poison, payload: `reading ${seq} of run run-1` };
}

/** A Kinesis -> Lambda event (aws-facts C.1) carrying these records, in order. */
function kinesisEvent(records: EventRecord[]): KinesisStreamEvent {
  return {
    Records: records.map((record, i): KinesisStreamRecord => {
      const sequenceNumber = String(FIRST_SEQUENCE + BigInt(i) * 1000n);
      return {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: record.id,
          sequenceNumber,
          data: Buffer.from(JSON.stringify(record)).toString('base64'),
          approximateArrivalTimestamp: 1767225600.123,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${SHARD_ID}:${sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::123456789012:role/processor-role',
        awsRegion: 'us-east-1',
        eventSourceARN: STREAM_ARN,
      };
    }),
  };
}

const FIVE_GOOD = [0, 1, 2, 3, 4].map((seq) => eventRecord(seq));
const ONE_POISON = [0, 1, 2, 3, 4].map((seq) => eventRecord(seq, seq === 3));

describe('processRecord', () => {
  it('accepts a good record and returns it parsed', () => {
    // Arrange
    const data = Buffer.from(JSON.stringify(eventRecord(7)));

    // Act
    const record = processRecord(data);

    // Assert
    expect(record).toEqual(eventRecord(7));
  });

  it('rejects a poison record with PoisonRecordError', () => {
    // Arrange
    const data = JSON.stringify(eventRecord(19, true));

    // Act + Assert
    expect(() => processRecord(data)).toThrow(PoisonRecordError);
  });

  it.each([
    ['text that is not JSON', 'not json'],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"hello"'],
  ])('rejects %s as poison', (_name, data) => {
    // Act + Assert
    expect(() => processRecord(data)).toThrow(PoisonRecordError);
  });

  it('rejects bytes that are not UTF-8 as poison', () => {
    // Act + Assert
    expect(() => processRecord(new Uint8Array([0xff, 0xfe, 0x7b]))).toThrow(PoisonRecordError);
  });
});

describe('processor', () => {
  let capture: ConsoleCapture;

  beforeEach(() => {
    capture = new ConsoleCapture();
  });

  afterEach(() => {
    metrics.clearMetrics();
    vi.restoreAllMocks();
  });

  it('emits RecordsProcessed 5 for a batch of 5 good records', async () => {
    // Arrange
    const event = kinesisEvent(FIVE_GOOD);

    // Act
    await handler(event, lambdaContext('processor'));

    // Assert
    expect(capture.metricValues(MetricName.RecordsProcessed)).toEqual([5]);
    expect(capture.logs('batch processed')).toEqual([
      expect.objectContaining({ shardId: SHARD_ID, batchSize: 5 }),
    ]);
  });

  it('fails the whole batch on one poison record and emits no RecordsProcessed', async () => {
    // Arrange
    const event = kinesisEvent(ONE_POISON);

    // Act
    const invocation = handler(event, lambdaContext('processor'));

    // Assert
    await expect(invocation).rejects.toThrow(PoisonRecordError);
    expect(capture.metricValues(MetricName.RecordsProcessed)).toEqual([]);
    expect(capture.logs('batch failed')).toEqual([
      expect.objectContaining({
        shardId: SHARD_ID,
        batchSize: 5,
        failedSequenceNumber: String(FIRST_SEQUENCE + 3000n),
        firstSequenceNumber: String(FIRST_SEQUENCE),
        lastSequenceNumber: String(FIRST_SEQUENCE + 4000n),
      }),
    ]);
  });

  it('returns no partial batch response, so the event source mapping retries the whole batch', async () => {
    // Arrange
    const event = kinesisEvent(FIVE_GOOD);

    // Act
    const response = await handler(event, lambdaContext('processor'));

    // Assert
    expect(response).toBeUndefined();
  });

  it('counts the records of a successful batch in its result', () => {
    // Act
    const result = processBatch(kinesisEvent(FIVE_GOOD.slice(0, 3)));

    // Assert
    expect(result).toEqual({ records: 3 });
  });
});

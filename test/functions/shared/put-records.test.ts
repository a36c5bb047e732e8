import {
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  chunksForPut,
  MAX_RECORDS_PER_PUT,
  putRecordBatch,
} from '../../../functions/shared/put-records';

const kinesisMock = mockClient(KinesisClient);

/** `count` entries keyed k0, k1, ... */
function entries(count: number): PutRecordsRequestEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    Data: Buffer.from(`{"n":${i}}`),
    PartitionKey: `k${i}`,
  }));
}

describe('putRecordBatch', () => {
  beforeEach(() => {
    kinesisMock.reset();
  });

  it('sends the entries to the stream in one PutRecords call, in order', async () => {
    // Arrange
    kinesisMock.on(PutRecordsCommand).resolves({
      FailedRecordCount: 0,
      Records: [
        { SequenceNumber: '1', ShardId: 'shardId-000000000000' },
        { SequenceNumber: '2', ShardId: 'shardId-000000000000' },
      ],
    });
    // Act
    const results = await putRecordBatch(new KinesisClient({}), 'events', entries(2));
    // Assert
    expect(kinesisMock).toHaveReceivedCommandTimes(PutRecordsCommand, 1);
    expect(kinesisMock).toHaveReceivedCommandWith(PutRecordsCommand, {
      StreamName: 'events',
      Records: entries(2),
    });
    expect(results).toEqual([{ accepted: true }, { accepted: true }]);
  });

  it('reports each refused record with its ErrorCode and ErrorMessage, in request order', async () => {
    // Arrange: PutRecords answers 200 and refuses records one by one.
    kinesisMock.on(PutRecordsCommand).resolves({
      FailedRecordCount: 2,
      Records: [
        {
          ErrorCode: 'ProvisionedThroughputExceededException',
          ErrorMessage: 'Rate exceeded for shard shardId-000000000001 in stream events.',
        },
        { SequenceNumber: '2', ShardId: 'shardId-000000000000' },
        { ErrorCode: 'InternalFailure' },
      ],
    });
    // Act
    const results = await putRecordBatch(new KinesisClient({}), 'events', entries(3));
    // Assert
    expect(results).toEqual([
      {
        accepted: false,
        errorCode: 'ProvisionedThroughputExceededException',
        errorMessage: 'Rate exceeded for shard shardId-000000000001 in stream events.',
      },
      { accepted: true },
      { accepted: false, errorCode: 'InternalFailure', errorMessage: 'InternalFailure' },
    ]);
  });

  it('counts a record the response has no sequence number for as not stored', async () => {
    // Arrange: a response shorter than the request, and an entry with neither outcome.
    kinesisMock.on(PutRecordsCommand).resolves({ FailedRecordCount: 0, Records: [{}] });
    // Act
    const results = await putRecordBatch(new KinesisClient({}), 'events', entries(2));
    // Assert
    const noResult = {
      accepted: false,
      errorCode: 'NoResult',
      errorMessage: 'no result for record',
    };
    expect(results).toEqual([noResult, noResult]);
  });

  it.each([0, MAX_RECORDS_PER_PUT + 1])(
    'fails on %i entries without calling Kinesis',
    async (n) => {
      // Act
      const act = putRecordBatch(new KinesisClient({}), 'events', entries(n));
      // Assert
      await expect(act).rejects.toThrow(
        new RangeError(`a PutRecords call takes 1 to 500 records (got ${n})`)
      );
      expect(kinesisMock).toHaveReceivedCommandTimes(PutRecordsCommand, 0);
    }
  );

  it('lets a failed request throw, for the caller to judge', async () => {
    // Arrange
    const error = Object.assign(new Error('Stream events not found'), {
      name: 'ResourceNotFoundException',
    });
    kinesisMock.on(PutRecordsCommand).rejects(error);
    // Act + Assert
    await expect(putRecordBatch(new KinesisClient({}), 'events', entries(1))).rejects.toThrow(
      'Stream events not found'
    );
  });
});

describe('chunksForPut', () => {
  it.each([
    [0, []],
    [500, [500]],
    [1_234, [500, 500, 234]],
  ])('splits %i items into chunks of at most 500', (count, sizes) => {
    // Act
    const chunks = chunksForPut(Array.from({ length: count }, (_, i) => i));
    // Assert
    expect(chunks.map((chunk) => chunk.length)).toEqual(sizes);
    expect(chunks.flat()).toEqual(Array.from({ length: count }, (_, i) => i));
  });
});

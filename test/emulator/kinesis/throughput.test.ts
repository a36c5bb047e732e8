import {
  CreateStreamCommand,
  EnableEnhancedMonitoringCommand,
  PutRecordCommand,
  PutRecordsCommand,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, errorOf, type KinesisHarness, startKinesisHarness } from './harness';

let h: KinesisHarness;

beforeEach(async () => {
  h = await startKinesisHarness();
  await h.kinesis.send(new CreateStreamCommand({ StreamName: 'hot', ShardCount: 4 }));
});

afterEach(async () => {
  await h.close();
});

/** `count` records of `size` bytes, all with the same partition key. */
function batch(count: number, key = 'HOT_PARTITION', size = 100) {
  return Array.from({ length: count }, () => ({ PartitionKey: key, Data: Buffer.alloc(size, 1) }));
}

async function putBatches(batches: number, perBatch = 500, key = 'HOT_PARTITION', size = 100) {
  const results: PutRecordsResultEntry[] = [];
  for (let i = 0; i < batches; i++) {
    const out = await h.kinesis.send(
      new PutRecordsCommand({ StreamName: 'hot', Records: batch(perBatch, key, size) })
    );
    results.push(...(out.Records ?? []));
  }
  return results;
}

const throttled = (results: PutRecordsResultEntry[]) =>
  results.filter((r) => r.ErrorCode === 'ProvisionedThroughputExceededException');

describe('per-shard write quota (1,000 records/s, 1 MiB/s)', () => {
  it('throttles 500 of 1,500 records sent to one shard within one second, then accepts again a second later', async () => {
    // Act: 3 x 500 records to HOT_PARTITION (shardId-000000000002) without the clock moving
    const first = await putBatches(3);
    await h.clock.advance(1_000);
    const second = await putBatches(1);
    // Assert
    expect(first).toHaveLength(1_500);
    expect(throttled(first)).toHaveLength(500);
    expect(first.slice(0, 1_000).every((r) => r.ShardId === 'shardId-000000000002')).toBe(true);
    expect(throttled(second)).toHaveLength(0);
  });

  it('reports each throttled record with AWS error code and message, and counts FailedRecordCount', async () => {
    // Arrange
    await putBatches(2);
    // Act
    const out = await h.kinesis.send(
      new PutRecordsCommand({ StreamName: 'hot', Records: batch(3) })
    );
    // Assert
    expect(out.FailedRecordCount).toBe(3);
    expect(out.Records?.[0]).toEqual({
      ErrorCode: 'ProvisionedThroughputExceededException',
      ErrorMessage: `Rate exceeded for shard shardId-000000000002 in stream hot under account ${ACCOUNT}.`,
    });
  });

  it('refills continuously: 100 ms later the shard accepts 100 more records', async () => {
    // Arrange
    await putBatches(2);
    await h.clock.advance(100);
    // Act
    const out = await putBatches(1);
    // Assert
    expect(out.length - throttled(out).length).toBe(100);
  });

  it('lets the other shards accept records while the hot shard throttles', async () => {
    // Arrange
    await putBatches(2);
    // Act: keys spread over the 4 shards
    const out = await h.kinesis.send(
      new PutRecordsCommand({
        StreamName: 'hot',
        Records: Array.from({ length: 400 }, (_, i) => ({
          PartitionKey: `key-${i}`,
          Data: Buffer.from('x'),
        })),
      })
    );
    // Assert
    const failedShards = new Set(
      (out.Records ?? []).flatMap((r) =>
        r.ErrorCode ? [r.ErrorMessage?.match(/shardId-\d+/)?.[0]] : []
      )
    );
    expect([...failedShards]).toEqual(['shardId-000000000002']);
    expect((out.Records ?? []).filter((r) => r.ShardId).length).toBeGreaterThan(250);
  });

  it('throttles on bytes: 1 MiB/s per shard with the partition key counted', async () => {
    // Act: 20 records of 100,000 bytes (+13-byte key) = 2,000,260 bytes to one shard
    const out = await putBatches(1, 20, 'HOT_PARTITION', 100_000);
    // Assert: 10 records (1,000,130 bytes) fit in 1,048,576; the 11th would not
    expect(out.length - throttled(out).length).toBe(10);
  });

  it('makes PutRecord throw ProvisionedThroughputExceededException when the shard is saturated', async () => {
    // Arrange
    await putBatches(2);
    // Act
    const error = await errorOf(
      h.kinesis.send(
        new PutRecordCommand({
          StreamName: 'hot',
          PartitionKey: 'HOT_PARTITION',
          Data: Buffer.from('x'),
        })
      )
    );
    // Assert
    expect(error.name).toBe('ProvisionedThroughputExceededException');
    expect(error.message).toBe(
      `Rate exceeded for shard shardId-000000000002 in stream hot under account ${ACCOUNT}.`
    );
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });
});

describe('AWS/Kinesis write metrics', () => {
  it('records stream-level PutRecords metrics with the StreamName dimension', async () => {
    // Act
    await putBatches(3);
    // Assert
    const m = h.metrics;
    const dims = { StreamName: 'hot' };
    expect(m.sum('AWS/Kinesis', 'IncomingRecords', dims)).toBe(1_000);
    expect(m.sum('AWS/Kinesis', 'IncomingBytes', dims)).toBe(
      1_000 * (100 + 'HOT_PARTITION'.length)
    );
    expect(m.sum('AWS/Kinesis', 'PutRecords.TotalRecords', dims)).toBe(1_500);
    expect(m.sum('AWS/Kinesis', 'PutRecords.SuccessfulRecords', dims)).toBe(1_000);
    expect(m.sum('AWS/Kinesis', 'PutRecords.ThrottledRecords', dims)).toBe(500);
    expect(m.sum('AWS/Kinesis', 'PutRecords.FailedRecords', dims)).toBe(0);
    expect(m.sum('AWS/Kinesis', 'PutRecords.Success', dims)).toBe(2);
    expect(m.sum('AWS/Kinesis', 'WriteProvisionedThroughputExceeded', dims)).toBe(500);
    const bytes = m.find('AWS/Kinesis', 'IncomingBytes', dims)[0];
    expect(bytes).toMatchObject({ unit: 'Bytes', timestamp: h.clock.now() });
    expect(m.find('AWS/Kinesis', 'IncomingRecords', dims)[0]?.unit).toBe('Count');
  });

  it('records PutRecord.Success and PutRecord.Bytes for PutRecord', async () => {
    // Act
    await h.kinesis.send(
      new PutRecordCommand({ StreamName: 'hot', PartitionKey: 'k', Data: Buffer.from('abc') })
    );
    // Assert
    expect(h.metrics.sum('AWS/Kinesis', 'PutRecord.Success', { StreamName: 'hot' })).toBe(1);
    expect(h.metrics.sum('AWS/Kinesis', 'PutRecord.Bytes', { StreamName: 'hot' })).toBe(4);
  });

  it('records no shard-level metrics until enhanced monitoring is enabled', async () => {
    // Act
    await putBatches(1);
    // Assert
    expect(h.metrics.data.filter((d) => 'ShardId' in d.dimensions)).toEqual([]);
  });

  it('records the enabled shard-level metrics with StreamName and ShardId', async () => {
    // Arrange
    await h.kinesis.send(
      new EnableEnhancedMonitoringCommand({
        StreamName: 'hot',
        ShardLevelMetrics: ['IncomingRecords', 'WriteProvisionedThroughputExceeded'],
      })
    );
    // Act
    await putBatches(3);
    // Assert
    const shard2 = { StreamName: 'hot', ShardId: 'shardId-000000000002' };
    expect(h.metrics.sum('AWS/Kinesis', 'IncomingRecords', shard2)).toBe(1_000);
    expect(h.metrics.sum('AWS/Kinesis', 'WriteProvisionedThroughputExceeded', shard2)).toBe(500);
    expect(h.metrics.find('AWS/Kinesis', 'IncomingBytes', shard2)).toEqual([]);
    const otherShards = h.metrics.data.filter(
      (d) => d.dimensions.ShardId !== undefined && d.dimensions.ShardId !== 'shardId-000000000002'
    );
    expect(otherShards).toEqual([]);
  });
});

import {
  CreateStreamCommand,
  EnableEnhancedMonitoringCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  PutRecordCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, errorOf, type KinesisHarness, rawKinesis, startKinesisHarness } from './harness';

let h: KinesisHarness;

beforeEach(async () => {
  h = await startKinesisHarness();
  await h.kinesis.send(new CreateStreamCommand({ StreamName: 'events', ShardCount: 1 }));
});

afterEach(async () => {
  await h.close();
});

async function put(text: string, key = 'k'): Promise<string> {
  const out = await h.kinesis.send(
    new PutRecordCommand({ StreamName: 'events', PartitionKey: key, Data: Buffer.from(text) })
  );
  return out.SequenceNumber ?? '';
}

async function iterator(input: Partial<GetShardIteratorCommandInput>): Promise<string> {
  const out = await h.kinesis.send(
    new GetShardIteratorCommand({
      StreamName: 'events',
      ShardId: 'shardId-000000000000',
      ShardIteratorType: 'TRIM_HORIZON',
      ...input,
    })
  );
  return out.ShardIterator ?? '';
}

async function read(shardIterator: string, limit?: number) {
  const out = await h.kinesis.send(
    new GetRecordsCommand({ ShardIterator: shardIterator, Limit: limit })
  );
  return { ...out, texts: (out.Records ?? []).map((r) => Buffer.from(r.Data ?? []).toString()) };
}

describe('GetShardIterator', () => {
  describe('validations', () => {
    it('refuses an unknown ShardIteratorType', async () => {
      // Act
      const error = await errorOf(iterator({ ShardIteratorType: 'OLDEST' as never }));
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        "1 validation error detected: Value 'OLDEST' at 'shardIteratorType' failed to satisfy constraint: " +
          'Member must satisfy enum value set: [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]'
      );
    });

    it('requires a StartingSequenceNumber for AT_SEQUENCE_NUMBER', async () => {
      // Act
      const error = await errorOf(iterator({ ShardIteratorType: 'AT_SEQUENCE_NUMBER' }));
      // Assert
      expect(error.name).toBe('InvalidArgumentException');
      expect(error.message).toBe(
        'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or ' +
          '(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.'
      );
    });

    it('refuses a StartingSequenceNumber with TRIM_HORIZON', async () => {
      // Arrange
      const seq = await put('a');
      // Act
      const error = await errorOf(iterator({ StartingSequenceNumber: seq }));
      // Assert
      expect(error.message).toContain(
        'Request specified TRIM_HORIZON and also a StartingSequenceNumber.'
      );
    });

    it('refuses a sequence number that did not come from the stream', async () => {
      // Act
      const error = await errorOf(
        iterator({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: '12345' })
      );
      // Assert
      expect(error.name).toBe('InvalidArgumentException');
      expect(error.message).toBe(
        `StartingSequenceNumber 12345 used in GetShardIterator on shard shardId-000000000000 in stream events under account ${ACCOUNT} is invalid.`
      );
    });

    it('refuses a sequence number of another shard', async () => {
      // Arrange
      await h.kinesis.send(new CreateStreamCommand({ StreamName: 'two', ShardCount: 2 }));
      const out = await h.kinesis.send(
        new PutRecordCommand({
          StreamName: 'two',
          PartitionKey: 'x',
          Data: Buffer.from('x'),
          ExplicitHashKey: '0',
        })
      );
      // Act
      const error = await errorOf(
        h.kinesis.send(
          new GetShardIteratorCommand({
            StreamName: 'two',
            ShardId: 'shardId-000000000001',
            ShardIteratorType: 'AT_SEQUENCE_NUMBER',
            StartingSequenceNumber: out.SequenceNumber,
          })
        )
      );
      // Assert
      expect(error.message).toBe(
        'Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used in a call to a shard with shardId-000000000001'
      );
    });

    it('answers ResourceNotFoundException for a shard the stream does not have', async () => {
      // Act
      const error = await errorOf(iterator({ ShardId: 'shardId-000000000007' }));
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe(
        `Shard shardId-000000000007 in stream events under account ${ACCOUNT} does not exist`
      );
    });

    it('requires a Timestamp for AT_TIMESTAMP, not in the future', async () => {
      // Act
      const missing = await errorOf(iterator({ ShardIteratorType: 'AT_TIMESTAMP' }));
      const future = await errorOf(
        iterator({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(h.clock.now() + 60_000) })
      );
      // Assert
      expect(missing.name).toBe('InvalidArgumentException');
      expect(missing.message).toBe(
        'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.'
      );
      expect(future.message).toBe(
        `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${h.clock.now() + 60_000}, currentTimestampInMillis: ${h.clock.now()}`
      );
    });
  });

  describe('functionality', () => {
    it('positions TRIM_HORIZON, LATEST, AT/AFTER_SEQUENCE_NUMBER and AT_TIMESTAMP', async () => {
      // Arrange
      const seqA = await put('a');
      await h.clock.advance(1_000);
      const timeB = new Date(h.clock.now());
      await put('b');
      const latest = await iterator({ ShardIteratorType: 'LATEST' });
      await put('c');
      // Act
      const fromTrim = await read(await iterator({}));
      const fromLatest = await read(latest);
      const atA = await read(
        await iterator({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: seqA })
      );
      const afterA = await read(
        await iterator({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: seqA })
      );
      const atTime = await read(
        await iterator({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: timeB })
      );
      // Assert
      expect(fromTrim.texts).toEqual(['a', 'b', 'c']);
      expect(fromLatest.texts).toEqual(['c']);
      expect(atA.texts).toEqual(['a', 'b', 'c']);
      expect(afterA.texts).toEqual(['b', 'c']);
      expect(atTime.texts).toEqual(['b', 'c']);
    });

    it('accepts the shard id by its number alone, as AWS does', async () => {
      // Arrange
      await put('a');
      // Act
      const out = await read(await iterator({ ShardId: '0' }));
      // Assert
      expect(out.texts).toEqual(['a']);
    });
  });
});

describe('GetRecords', () => {
  describe('validations', () => {
    it('refuses a Limit above 10,000', async () => {
      // Arrange
      const it0 = await iterator({});
      // Act
      const error = await errorOf(
        h.kinesis.send(new GetRecordsCommand({ ShardIterator: it0, Limit: 10_001 }))
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000"
      );
    });

    it('refuses an iterator it did not issue', async () => {
      // Act
      const { status, json } = await rawKinesis(
        h.emulator.endpoint,
        'GetRecords',
        JSON.stringify({ ShardIterator: 'AAAAAAAAAAGnotaniterator==' })
      );
      // Assert
      expect(status).toBe(400);
      expect(json).toEqual({
        __type: 'InvalidArgumentException',
        message: 'Invalid ShardIterator.',
      });
    });

    it('expires an iterator 5 minutes after it was issued', async () => {
      // Arrange
      const it0 = await iterator({});
      const issued = h.clock.now();
      await h.clock.advance(300_001);
      // Act
      const error = await errorOf(read(it0));
      // Assert
      expect(error.name).toBe('ExpiredIteratorException');
      expect(error.message).toBe(
        `Iterator expired. The iterator was created at time ${amz(issued)} while right now it is ${amz(issued + 300_001)} which is further in the future than the tolerated delay of 300000 milliseconds.`
      );
    });

    it('answers ResourceNotFoundException once the stream is deleted and re-created', async () => {
      // Arrange
      const it0 = await iterator({});
      await rawKinesis(
        h.emulator.endpoint,
        'DeleteStream',
        JSON.stringify({ StreamName: 'events' })
      );
      await h.clock.advance(1);
      await h.kinesis.send(new CreateStreamCommand({ StreamName: 'events', ShardCount: 1 }));
      // Act
      const error = await errorOf(read(it0));
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe(
        `Shard shardId-000000000000 in stream events under account ${ACCOUNT} does not exist`
      );
    });
  });

  describe('functionality', () => {
    it('returns records in order with their partition key and arrival time, then continues from NextShardIterator', async () => {
      // Arrange
      for (const text of ['1', '2', '3', '4', '5']) await put(text, `pk-${text}`);
      // Act
      const first = await read(await iterator({}), 2);
      const second = await read(first.NextShardIterator ?? '', 10);
      const third = await read(second.NextShardIterator ?? '');
      // Assert
      expect(first.texts).toEqual(['1', '2']);
      expect(first.Records?.[0]?.PartitionKey).toBe('pk-1');
      expect(first.Records?.[0]?.ApproximateArrivalTimestamp?.getTime()).toBe(h.clock.now());
      expect(second.texts).toEqual(['3', '4', '5']);
      expect(third.texts).toEqual([]);
      expect(third.NextShardIterator).toBeTruthy();
    });

    it('reports MillisBehindLatest while records remain and 0 when caught up', async () => {
      // Arrange
      await put('old-1');
      await put('old-2');
      await h.clock.advance(7_000);
      // Act
      const behind = await read(await iterator({}), 1);
      const caughtUp = await read(behind.NextShardIterator ?? '');
      // Assert
      expect(behind.MillisBehindLatest).toBe(7_000);
      expect(caughtUp.MillisBehindLatest).toBe(0);
    });

    it('drops records older than the 24-hour retention period', async () => {
      // Arrange
      await put('expired');
      await h.clock.advance(24 * 3600 * 1000 + 1);
      await put('kept');
      // Act
      const out = await read(await iterator({}));
      // Assert
      expect(out.texts).toEqual(['kept']);
    });
  });

  describe('read quota (5 calls/s and 2 MiB/s per shard)', () => {
    it('throttles the sixth GetRecords call on a shard within one second', async () => {
      // Arrange
      const it0 = await iterator({});
      for (let i = 0; i < 5; i++) await read(it0);
      // Act
      const error = await errorOf(read(it0));
      await h.clock.advance(200);
      const again = await read(it0);
      // Assert
      expect(error.name).toBe('ProvisionedThroughputExceededException');
      expect(error.message).toBe(
        `Rate exceeded for Shard - ${ACCOUNT}/events/shardId-000000000000`
      );
      expect(again.Records).toEqual([]);
    });

    it('throttles reads after 2 MiB until the byte budget refills', async () => {
      // Arrange: 3 records of ~1 MiB, written over three seconds
      for (let i = 0; i < 3; i++) {
        await h.kinesis.send(
          new PutRecordsCommand({
            StreamName: 'events',
            Records: [{ PartitionKey: 'k', Data: Buffer.alloc(1_000_000) }],
          })
        );
        await h.clock.advance(1_000);
      }
      // Act: one call returns all 3 MB, leaving the shard ~1 MB in debt
      const big = await read(await iterator({}));
      const error = await errorOf(read(big.NextShardIterator ?? ''));
      await h.clock.advance(1_000);
      const after = await read(big.NextShardIterator ?? '');
      // Assert
      expect(big.Records).toHaveLength(3);
      expect(error.name).toBe('ProvisionedThroughputExceededException');
      expect(after.Records).toEqual([]);
    });

    it('records GetRecords metrics, and ReadProvisionedThroughputExceeded when throttled', async () => {
      // Arrange
      await h.kinesis.send(
        new EnableEnhancedMonitoringCommand({ StreamName: 'events', ShardLevelMetrics: ['ALL'] })
      );
      await put('abc', 'k');
      await h.clock.advance(2_000);
      const it0 = await iterator({});
      // Act
      await read(it0);
      for (let i = 0; i < 4; i++) await read(it0);
      await errorOf(read(it0));
      // Assert
      const stream = { StreamName: 'events' };
      const shard = { StreamName: 'events', ShardId: 'shardId-000000000000' };
      const m = h.metrics;
      expect(m.sum('AWS/Kinesis', 'GetRecords.Records', stream)).toBe(5);
      expect(m.sum('AWS/Kinesis', 'GetRecords.Bytes', stream)).toBe(5 * 4);
      expect(m.sum('AWS/Kinesis', 'GetRecords.Success', stream)).toBe(5);
      expect(m.find('AWS/Kinesis', 'GetRecords.IteratorAgeMilliseconds', stream)[0]).toMatchObject({
        value: 2_000,
        unit: 'Milliseconds',
      });
      expect(m.sum('AWS/Kinesis', 'ReadProvisionedThroughputExceeded', stream)).toBe(1);
      expect(m.sum('AWS/Kinesis', 'ReadProvisionedThroughputExceeded', shard)).toBe(1);
      expect(m.sum('AWS/Kinesis', 'OutgoingRecords', shard)).toBe(5);
      expect(m.sum('AWS/Kinesis', 'OutgoingBytes', shard)).toBe(20);
      expect(m.find('AWS/Kinesis', 'IteratorAgeMilliseconds', shard)[0]?.value).toBe(2_000);
    });
  });
});

/** `Thu Jan 01 00:00:00 UTC 2026` */
function amz(ms: number): string {
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = d.toUTCString().split(' ')[2];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day} ${month} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

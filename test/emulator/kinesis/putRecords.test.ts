import { createHash } from 'node:crypto';
import { CreateStreamCommand, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotas } from '../../../emulator/core/quotas';
import { ACCOUNT, errorOf, type KinesisHarness, rawKinesis, startKinesisHarness } from './harness';

let h: KinesisHarness;
const data = (text: string) => Buffer.from(text);

beforeAll(async () => {
  h = await startKinesisHarness();
  await h.kinesis.send(new CreateStreamCommand({ StreamName: 'orders', ShardCount: 4 }));
  await h.kinesis.send(new CreateStreamCommand({ StreamName: 'one', ShardCount: 1 }));
});

afterAll(async () => {
  await h.close();
});

describe('PutRecord', () => {
  describe('validations', () => {
    it('reports missing Data and PartitionKey', async () => {
      // Act
      const { status, json } = await rawKinesis(
        h.emulator.endpoint,
        'PutRecord',
        JSON.stringify({ StreamName: 'orders' })
      );
      // Assert
      expect(status).toBe(400);
      expect(json).toEqual({
        __type: 'ValidationException',
        message:
          "2 validation errors detected: Value null at 'data' failed to satisfy constraint: Member must not be null; " +
          "Value null at 'partitionKey' failed to satisfy constraint: Member must not be null",
      });
    });

    it('refuses data over 1 MiB with the length constraint AWS reports', async () => {
      // Arrange
      const big = Buffer.alloc(quotas.kinesisRecordDataBytes.value + 1);
      // Act
      const error = await errorOf(
        h.kinesis.send(new PutRecordCommand({ StreamName: 'orders', PartitionKey: 'k', Data: big }))
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' " +
          'failed to satisfy constraint: Member must have length less than or equal to 1048576'
      );
    });

    it('accepts data of exactly 1 MiB', async () => {
      // Act
      const out = await h.kinesis.send(
        new PutRecordCommand({
          StreamName: 'orders',
          PartitionKey: 'big',
          Data: Buffer.alloc(1_048_576),
        })
      );
      // Assert
      expect(out.SequenceNumber).toMatch(/^\d{56}$/);
    });

    it('refuses a partition key longer than 256 characters', async () => {
      // Act
      const error = await errorOf(
        h.kinesis.send(
          new PutRecordCommand({
            StreamName: 'orders',
            PartitionKey: 'k'.repeat(257),
            Data: data('x'),
          })
        )
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toContain(
        "at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256"
      );
    });

    it('refuses an ExplicitHashKey outside the 128-bit space', async () => {
      // Arrange
      const outside = (2n ** 128n).toString();
      // Act
      const error = await errorOf(
        h.kinesis.send(
          new PutRecordCommand({
            StreamName: 'orders',
            PartitionKey: 'a',
            Data: data('x'),
            ExplicitHashKey: outside,
          })
        )
      );
      // Assert
      expect(error.name).toBe('InvalidArgumentException');
      expect(error.message).toBe(
        `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${outside}`
      );
    });

    it('refuses Data that is not base64 with a SerializationException', async () => {
      // Act
      const { status, json } = await rawKinesis(
        h.emulator.endpoint,
        'PutRecord',
        JSON.stringify({ StreamName: 'orders', PartitionKey: 'a', Data: 'abc' })
      );
      // Assert
      expect(status).toBe(400);
      expect(json.__type).toBe('SerializationException');
      expect(json.message).toBe(
        "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3"
      );
    });

    it('answers ResourceNotFoundException for an unknown stream', async () => {
      // Act
      const error = await errorOf(
        h.kinesis.send(
          new PutRecordCommand({ StreamName: 'nope', PartitionKey: 'a', Data: data('x') })
        )
      );
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe(`Stream nope under account ${ACCOUNT} not found.`);
    });
  });

  describe('functionality', () => {
    it('routes HOT_PARTITION to shardId-000000000002 of 4 shards by MD5', async () => {
      // Arrange: md5("HOT_PARTITION") = 8fb8cbd2... lies in the third quarter of the hash space
      const hash = BigInt(`0x${createHash('md5').update('HOT_PARTITION').digest('hex')}`);
      expect(hash.toString()).toBe('191039120032879186402024416211919527047');
      // Act
      const out = await h.kinesis.send(
        new PutRecordCommand({
          StreamName: 'orders',
          PartitionKey: 'HOT_PARTITION',
          Data: data('hot'),
        })
      );
      // Assert
      expect(out.ShardId).toBe('shardId-000000000002');
      expect(out.EncryptionType).toBe('NONE');
    });

    it('uses ExplicitHashKey instead of the partition key hash', async () => {
      // Act
      const out = await h.kinesis.send(
        new PutRecordCommand({
          StreamName: 'orders',
          PartitionKey: 'HOT_PARTITION',
          Data: data('x'),
          ExplicitHashKey: '0',
        })
      );
      // Assert
      expect(out.ShardId).toBe('shardId-000000000000');
    });

    it('gives increasing sequence numbers within a shard', async () => {
      // Act
      const seqs: bigint[] = [];
      for (let i = 0; i < 5; i++) {
        const out = await h.kinesis.send(
          new PutRecordCommand({ StreamName: 'one', PartitionKey: `k${i}`, Data: data('x') })
        );
        seqs.push(BigInt(out.SequenceNumber ?? '0'));
      }
      // Assert
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] as bigint);
    });

    it('accepts the stream by StreamARN', async () => {
      // Act
      const out = await h.kinesis.send(
        new PutRecordCommand({
          StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/one`,
          PartitionKey: 'a',
          Data: data('x'),
        })
      );
      // Assert
      expect(out.ShardId).toBe('shardId-000000000000');
    });
  });
});

describe('PutRecords', () => {
  describe('validations', () => {
    it('refuses more than 500 records', async () => {
      // Arrange
      const records = Array.from({ length: 501 }, (_, i) => ({
        PartitionKey: `k${i}`,
        Data: data('x'),
      }));
      // Act
      const error = await errorOf(
        h.kinesis.send(new PutRecordsCommand({ StreamName: 'orders', Records: records }))
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toMatch(
        /^1 validation error detected: Value '\[com\.amazonaws\.kinesis\.v20131202\.PutRecordsRequestEntry, .*\]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500$/
      );
    });

    it('refuses an empty Records list', async () => {
      // Act
      const error = await errorOf(
        h.kinesis.send(new PutRecordsCommand({ StreamName: 'orders', Records: [] }))
      );
      // Assert
      expect(error.message).toBe(
        "1 validation error detected: Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1"
      );
    });

    it('names the failing member of an entry by its 1-based position', async () => {
      // Act
      const error = await errorOf(
        h.kinesis.send(
          new PutRecordsCommand({
            StreamName: 'orders',
            Records: [
              { PartitionKey: 'ok', Data: data('x') },
              { PartitionKey: '', Data: data('x') },
            ],
          })
        )
      );
      // Assert
      expect(error.message).toBe(
        "1 validation error detected: Value '' at 'records.2.member.partitionKey' failed to satisfy constraint: " +
          'Member must have length greater than or equal to 1'
      );
    });

    it('refuses a request over 10 MiB of data and partition keys', async () => {
      // Arrange: 11 records of 1,000,000 bytes
      const records = Array.from({ length: 11 }, (_, i) => ({
        PartitionKey: `k${i}`,
        Data: Buffer.alloc(1_000_000),
      }));
      // Act
      const error = await errorOf(
        h.kinesis.send(new PutRecordsCommand({ StreamName: 'orders', Records: records }))
      );
      // Assert
      expect(error.name).toBe('InvalidArgumentException');
      expect(error.message).toBe('Records size exceeds 10 MB limit');
    });
  });

  describe('functionality', () => {
    it('answers one result per record, in order, each on the shard its key hashes to', async () => {
      // Arrange
      const keys = ['HOT_PARTITION', 'a', 'b', 'c', 'd', 'e'];
      await h.clock.advance(1_000); // earlier tests' 1 MiB records used up a shard's second
      // Act
      const out = await h.kinesis.send(
        new PutRecordsCommand({
          StreamName: 'orders',
          Records: keys.map((k) => ({ PartitionKey: k, Data: data(k) })),
        })
      );
      // Assert
      expect(out.FailedRecordCount).toBe(0);
      expect(out.Records).toHaveLength(keys.length);
      const expected = keys.map((k) => {
        const hash = BigInt(`0x${createHash('md5').update(k).digest('hex')}`);
        return `shardId-${String(Number(hash / 2n ** 126n)).padStart(12, '0')}`;
      });
      expect(out.Records?.map((r) => r.ShardId)).toEqual(expected);
      expect(out.Records?.[0]?.ShardId).toBe('shardId-000000000002');
    });

    it('accepts 10 MiB exactly', async () => {
      // Arrange: 10 records of 1 MiB minus their 2-byte keys
      const records = Array.from({ length: 10 }, (_, i) => ({
        PartitionKey: `k${i}`,
        Data: Buffer.alloc(1_048_576 - 2),
      }));
      await h.clock.advance(60_000); // let the shards' byte buckets refill
      // Act
      const out = await h.kinesis.send(
        new PutRecordsCommand({ StreamName: 'orders', Records: records })
      );
      // Assert
      expect(out.Records).toHaveLength(10);
    });
  });
});

import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type KinesisHarness, startKinesisHarness } from './harness';

let h: KinesisHarness;

beforeAll(async () => {
  h = await startKinesisHarness({ http1: true });
});

afterAll(async () => {
  await h.close();
});

describe('Kinesis over HTTP/1.1 (NodeHttpHandler)', () => {
  describe('functionality', () => {
    it('creates, writes and reads a stream', async () => {
      // Arrange
      await h.kinesis.send(new CreateStreamCommand({ StreamName: 'h1', ShardCount: 1 }));
      // Act
      await h.kinesis.send(
        new PutRecordsCommand({
          StreamName: 'h1',
          Records: [{ PartitionKey: 'a', Data: Buffer.from('over h1') }],
        })
      );
      const it0 = await h.kinesis.send(
        new GetShardIteratorCommand({
          StreamName: 'h1',
          ShardId: 'shardId-000000000000',
          ShardIteratorType: 'TRIM_HORIZON',
        })
      );
      const out = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it0.ShardIterator }));
      // Assert
      expect(Buffer.from(out.Records?.[0]?.Data ?? []).toString()).toBe('over h1');
    });
  });

  describe('validations', () => {
    it('returns AWS-shaped errors the SDK parses', async () => {
      // Act
      const error = await errorOf(
        h.kinesis.send(
          new GetShardIteratorCommand({
            StreamName: 'missing',
            ShardId: 'shardId-000000000000',
            ShardIteratorType: 'LATEST',
          })
        )
      );
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.$metadata?.httpStatusCode).toBe(400);
    });
  });
});

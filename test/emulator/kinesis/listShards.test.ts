import { CreateStreamCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, errorOf, type KinesisHarness, startKinesisHarness } from './harness';

let h: KinesisHarness;

beforeAll(async () => {
  h = await startKinesisHarness();
  await h.kinesis.send(new CreateStreamCommand({ StreamName: 'five', ShardCount: 5 }));
});

afterAll(async () => {
  await h.close();
});

describe('ListShards', () => {
  describe('validations', () => {
    it('needs a StreamName or a NextToken', async () => {
      // Act
      const error = await errorOf(h.kinesis.send(new ListShardsCommand({})));
      // Assert
      expect(error.name).toBe('InvalidArgumentException');
      expect(error.message).toBe('Either NextToken or StreamName should be provided.');
    });

    it('refuses a NextToken together with a StreamName', async () => {
      // Arrange
      const page = await h.kinesis.send(
        new ListShardsCommand({ StreamName: 'five', MaxResults: 2 })
      );
      // Act
      const error = await errorOf(
        h.kinesis.send(new ListShardsCommand({ StreamName: 'five', NextToken: page.NextToken }))
      );
      // Assert
      expect(error.message).toBe('NextToken and StreamName cannot be provided together.');
    });

    it('expires a NextToken after 300 seconds', async () => {
      // Arrange
      const page = await h.kinesis.send(
        new ListShardsCommand({ StreamName: 'five', MaxResults: 2 })
      );
      await h.clock.advance(300_001);
      // Act
      const error = await errorOf(
        h.kinesis.send(new ListShardsCommand({ NextToken: page.NextToken }))
      );
      // Assert
      expect(error.name).toBe('ExpiredNextTokenException');
    });

    it('answers ResourceNotFoundException for an unknown stream', async () => {
      // Act
      const error = await errorOf(h.kinesis.send(new ListShardsCommand({ StreamName: 'nope' })));
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe(`Stream nope under account ${ACCOUNT} not found.`);
    });

    it('refuses MaxResults above 10,000', async () => {
      // Act
      const error = await errorOf(
        h.kinesis.send(new ListShardsCommand({ StreamName: 'five', MaxResults: 10_001 }))
      );
      // Assert
      expect(error.name).toBe('ValidationException');
    });
  });

  describe('functionality', () => {
    it('lists every shard with its hash key and sequence number ranges', async () => {
      // Act
      const out = await h.kinesis.send(new ListShardsCommand({ StreamName: 'five' }));
      // Assert
      expect(out.Shards).toHaveLength(5);
      expect(out.NextToken).toBeUndefined();
      expect(out.Shards?.[4]?.HashKeyRange?.EndingHashKey).toBe(
        '340282366920938463463374607431768211455'
      );
      expect(out.Shards?.[0]?.HashKeyRange?.StartingHashKey).toBe('0');
    });

    it('pages with MaxResults and NextToken', async () => {
      // Act
      const page1 = await h.kinesis.send(
        new ListShardsCommand({ StreamName: 'five', MaxResults: 2 })
      );
      const page2 = await h.kinesis.send(
        new ListShardsCommand({ NextToken: page1.NextToken, MaxResults: 2 })
      );
      const page3 = await h.kinesis.send(
        new ListShardsCommand({ NextToken: page2.NextToken, MaxResults: 2 })
      );
      // Assert
      const ids = [page1, page2, page3].flatMap((p) => (p.Shards ?? []).map((s) => s.ShardId));
      expect(ids).toEqual([0, 1, 2, 3, 4].map((i) => `shardId-00000000000${i}`));
      expect(page3.NextToken).toBeUndefined();
    });

    it('starts after ExclusiveStartShardId or an AFTER_SHARD_ID filter', async () => {
      // Act
      const exclusive = await h.kinesis.send(
        new ListShardsCommand({ StreamName: 'five', ExclusiveStartShardId: 'shardId-000000000002' })
      );
      const filtered = await h.kinesis.send(
        new ListShardsCommand({
          StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/five`,
          ShardFilter: { Type: 'AFTER_SHARD_ID', ShardId: 'shardId-000000000003' },
        })
      );
      // Assert
      expect(exclusive.Shards?.map((s) => s.ShardId)).toEqual([
        'shardId-000000000003',
        'shardId-000000000004',
      ]);
      expect(filtered.Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000004']);
    });
  });
});

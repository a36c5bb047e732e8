import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  evenShardRanges,
  HASH_KEY_SPACE,
  hashKeyOf,
  shardForKey,
  shardForKeyIn,
  shardIdOf,
} from '../../../functions/shard-perpetrator/shard-for-key';

describe('shardForKey', () => {
  it('hashes HOT_PARTITION to the MD5 value in aws-facts A.3', () => {
    // Act
    const hashKey = hashKeyOf('HOT_PARTITION');
    // Assert
    expect(hashKey.toString(16)).toBe('8fb8cbd2969462c9c68fa317c0815c87');
    expect(hashKey).toBe(191039120032879186402024416211919527047n);
  });

  it('puts HOT_PARTITION on shardId-000000000002 of 4 shards and shardId-000000000001 of 2', () => {
    // Act + Assert
    expect(shardForKey('HOT_PARTITION', 4)).toBe('shardId-000000000002');
    expect(shardForKey('HOT_PARTITION', 2)).toBe('shardId-000000000001');
  });

  it('spreads 10,000 random order ids over 4 shards with 20-30% each', () => {
    // Arrange
    const counts = new Map<string, number>();
    // Act
    for (let i = 0; i < 10_000; i++) {
      const shardId = shardForKey(randomUUID(), 4);
      counts.set(shardId, (counts.get(shardId) ?? 0) + 1);
    }
    // Assert
    expect([...counts.keys()].sort()).toEqual([0, 1, 2, 3].map(shardIdOf));
    for (const count of counts.values()) {
      expect(count / 10_000).toBeGreaterThanOrEqual(0.2);
      expect(count / 10_000).toBeLessThanOrEqual(0.3);
    }
  });

  it('splits the hash key space evenly, with the boundaries of aws-facts A.3', () => {
    // Act
    const ranges = evenShardRanges(4);
    // Assert
    expect(ranges.map((r) => [r.shardId, r.startingHashKey, r.endingHashKey])).toEqual([
      ['shardId-000000000000', 0n, 85070591730234615865843651857942052863n],
      [
        'shardId-000000000001',
        85070591730234615865843651857942052864n,
        170141183460469231731687303715884105727n,
      ],
      [
        'shardId-000000000002',
        170141183460469231731687303715884105728n,
        255211775190703847597530955573826158591n,
      ],
      ['shardId-000000000003', 255211775190703847597530955573826158592n, HASH_KEY_SPACE - 1n],
    ]);
  });

  it('uses the ranges it is given, such as those of list-shards', () => {
    // Arrange: a stream whose first shard covers everything below HOT_PARTITION's hash
    const split = hashKeyOf('HOT_PARTITION');
    const shards = [
      { shardId: 'shardId-000000000007', startingHashKey: 0n, endingHashKey: split },
      {
        shardId: 'shardId-000000000008',
        startingHashKey: split + 1n,
        endingHashKey: HASH_KEY_SPACE - 1n,
      },
    ];
    // Act + Assert
    expect(shardForKeyIn('HOT_PARTITION', shards)).toBe('shardId-000000000007');
  });

  it('fails when no shard covers the key', () => {
    // Act + Assert
    expect(() =>
      shardForKeyIn('HOT_PARTITION', [{ shardId: 'x', startingHashKey: 0n, endingHashKey: 1n }])
    ).toThrow(/no shard covers hash key 191039120032879186402024416211919527047/);
  });

  it('rejects a shard count that is not a positive integer', () => {
    // Act + Assert
    expect(() => evenShardRanges(0)).toThrow(/shardCount must be a positive integer \(got 0\)/);
    expect(() => evenShardRanges(2.5)).toThrow(/got 2.5/);
  });
});

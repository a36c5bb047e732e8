import { createHash } from 'node:crypto';

/**
 * How Kinesis Data Streams picks the shard of a record, as a pure function, so a test, a check
 * or the guide can say in advance where a partition key lands.
 *
 * Kinesis hashes the partition key with MD5, reads the 16-byte digest as a 128-bit big-endian
 * unsigned integer, and stores the record in the open shard whose hash key range
 * (StartingHashKey..EndingHashKey, inclusive) contains it. An explicit hash key would skip the
 * MD5 step; the lab's producer never sends one.
 * @see https://docs.aws.amazon.com/streams/latest/dev/key-concepts.html
 */

/** The size of the hash key space: every hash key is in 0 .. 2^128 - 1. */
export const HASH_KEY_SPACE = 2n ** 128n;

/** A shard's id and its inclusive hash key range. */
export interface ShardRange {
  shardId: string;
  startingHashKey: bigint;
  endingHashKey: bigint;
}

/** The id Kinesis gives the shard at `index`: `shardId-` and a 12-digit zero-padded number. */
export function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, '0')}`;
}

/** The 128-bit hash key of a partition key: MD5 of its UTF-8 bytes, read big-endian. */
export function hashKeyOf(partitionKey: string): bigint {
  const digest = createHash('md5').update(partitionKey, 'utf8').digest('hex');
  return BigInt(`0x${digest}`);
}

/**
 * The shards of a stream created with `shardCount` shards: the hash key space split evenly,
 * each shard starting at floor(2^128 / n) * i and the last one ending at 2^128 - 1.
 */
export function evenShardRanges(shardCount: number): ShardRange[] {
  if (!Number.isInteger(shardCount) || shardCount < 1) {
    throw new RangeError(`shardCount must be a positive integer (got ${shardCount})`);
  }
  const width = HASH_KEY_SPACE / BigInt(shardCount);
  return Array.from({ length: shardCount }, (_, i) => ({
    shardId: shardIdOf(i),
    startingHashKey: width * BigInt(i),
    endingHashKey: i === shardCount - 1 ? HASH_KEY_SPACE - 1n : width * BigInt(i + 1) - 1n,
  }));
}

/**
 * The shard a partition key lands on, among the given shards (for example from
 * `aws kinesis list-shards`, with the hash keys converted with BigInt).
 */
export function shardForKeyIn(partitionKey: string, shards: readonly ShardRange[]): string {
  const hashKey = hashKeyOf(partitionKey);
  const shard = shards.find((s) => s.startingHashKey <= hashKey && hashKey <= s.endingHashKey);
  if (!shard) {
    throw new RangeError(`no shard covers hash key ${hashKey} of partition key '${partitionKey}'`);
  }
  return shard.shardId;
}

/** The shard a partition key lands on in an evenly split stream of `shardCount` shards. */
export function shardForKey(partitionKey: string, shardCount: number): string {
  return shardForKeyIn(partitionKey, evenShardRanges(shardCount));
}

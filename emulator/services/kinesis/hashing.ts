import { createHash } from 'node:crypto';

/** The size of Kinesis's hash key space: hash keys are 0 ... 2^128 - 1. */
export const HASH_SPACE = 2n ** 128n;

/**
 * The hash key of a partition key: MD5 of its UTF-8 bytes as a big-endian unsigned 128-bit
 * integer (aws-facts A.3).
 */
export function partitionKeyHash(partitionKey: string): bigint {
  return BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
}

/** Inclusive hash key range of shard `index` when `count` shards split the space evenly. */
export function evenHashKeyRange(index: number, count: number): { start: bigint; end: bigint } {
  const width = HASH_SPACE / BigInt(count);
  const start = width * BigInt(index);
  const end = index === count - 1 ? HASH_SPACE - 1n : start + width - 1n;
  return { start, end };
}

/** Index of the shard owning `hashKey` in an evenly split stream of `count` shards. */
export function shardIndexForHash(hashKey: bigint, count: number): number {
  const width = HASH_SPACE / BigInt(count);
  return Math.min(Number(hashKey / width), count - 1);
}

/** `shardId-000000000007` */
export function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, '0')}`;
}

import type { Variant } from '../../infra/names';
import type { OrderEvent } from './order';

/**
 * The two ways the producer picks a record's partition key, side by side: the diff between
 * them is the whole lesson. Kinesis sends a record to the shard whose hash key range holds
 * MD5(partition key) (see shard-for-key.ts), so the key decides the shard.
 */
export type PartitionKeyStrategy = (order: OrderEvent) => string;

/**
 * broken: the workshop write-up's producer. One constant key means one MD5 hash, so every
 * order lands on the same shard (shardId-000000000002 of 4), which accepts 1,000 records/s;
 * the other three shards sit idle and everything above 1,000/s is throttled.
 */
export const hotPartitionKey: PartitionKeyStrategy = (_order) => {
  return 'HOT_PARTITION'; // Force all to same shard
};

/**
 * fixed: a high-cardinality key. Every order id is different, so the MD5 hashes spread evenly
 * over the hash key space and each of the 4 shards takes about a quarter of the orders.
 * (Orders of one id still keep their order: same key, same shard.)
 */
export const orderIdPartitionKey: PartitionKeyStrategy = (order) => {
  return order.orderId; // Random distribution
};

/** The partition key strategy each variant deploys. */
export const partitionKeyStrategies: Record<Variant, PartitionKeyStrategy> = {
  broken: hotPartitionKey,
  fixed: orderIdPartitionKey,
};

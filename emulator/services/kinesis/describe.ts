import type { ShardState, StreamState } from './store';

/** A shard as DescribeStream and ListShards return it. */
export function describeShard(shard: ShardState) {
  return {
    ShardId: shard.shardId,
    HashKeyRange: {
      StartingHashKey: shard.startingHashKey.toString(),
      EndingHashKey: shard.endingHashKey.toString(),
    },
    SequenceNumberRange: { StartingSequenceNumber: shard.startingSequence.toString() },
  };
}

/** `EnhancedMonitoring` as DescribeStream(Summary) return it. */
export function enhancedMonitoring(stream: StreamState) {
  return [{ ShardLevelMetrics: [...stream.shardLevelMetrics] }];
}

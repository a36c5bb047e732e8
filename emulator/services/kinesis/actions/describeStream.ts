import { quotas } from '../../../core/quotas';
import { type InputShape, validateInput } from '../../../core/validate';
import { describeShard, enhancedMonitoring } from '../describe';
import { shardIdShape, streamRefShape } from '../shapes';
import type { KinesisStore, StreamRef } from '../store';

/** The input shape, checked before the action runs. */
export const input = {
  ...streamRefShape,
  Limit: { type: 'integer', min: 1, max: 10_000 },
  ExclusiveStartShardId: shardIdShape,
} as const satisfies InputShape;

export interface DescribeStreamInput extends StreamRef {
  Limit?: number;
  ExclusiveStartShardId?: string;
}

/** DescribeStream: the stream and a page of its shards. */
export function describeStream(store: KinesisStore, req: DescribeStreamInput) {
  validateInput(req, input);
  const stream = store.stream(req);
  const now = store.env.clock.now();
  const limit = req.Limit ?? quotas.kinesisDescribeStreamDefaultShards.value;
  const after = req.ExclusiveStartShardId;
  const status = stream.status(now);
  // A CREATING stream has no shards to show yet.
  const shards =
    status === 'CREATING'
      ? []
      : stream.shards.filter((s) => after === undefined || s.shardId > after);
  return {
    StreamDescription: {
      StreamName: stream.name,
      StreamARN: stream.arn,
      StreamStatus: status,
      StreamModeDetails: { StreamMode: stream.mode },
      Shards: shards.slice(0, limit).map(describeShard),
      HasMoreShards: shards.length > limit,
      RetentionPeriodHours: stream.retentionHours,
      StreamCreationTimestamp: stream.createdAt / 1000,
      EnhancedMonitoring: enhancedMonitoring(stream),
      EncryptionType: 'NONE',
    },
  };
}

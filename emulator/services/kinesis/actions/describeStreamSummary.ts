import { type InputShape, validateInput } from '../../../core/validate';
import { enhancedMonitoring } from '../describe';
import { streamRefShape } from '../shapes';
import type { KinesisStore, StreamRef } from '../store';

/** The input shape, checked before the action runs. */
export const input = { ...streamRefShape } as const satisfies InputShape;

/** DescribeStreamSummary: the stream without its shard list. */
export function describeStreamSummary(store: KinesisStore, req: StreamRef) {
  validateInput(req, input);
  const stream = store.stream(req);
  const status = stream.status(store.env.clock.now());
  return {
    StreamDescriptionSummary: {
      StreamName: stream.name,
      StreamARN: stream.arn,
      StreamStatus: status,
      StreamModeDetails: { StreamMode: stream.mode },
      RetentionPeriodHours: stream.retentionHours,
      StreamCreationTimestamp: stream.createdAt / 1000,
      EnhancedMonitoring: enhancedMonitoring(stream),
      EncryptionType: 'NONE',
      OpenShardCount: status === 'CREATING' ? 0 : stream.shards.length,
      ConsumerCount: 0,
      MaxRecordSizeInKiB: 1024,
    },
  };
}

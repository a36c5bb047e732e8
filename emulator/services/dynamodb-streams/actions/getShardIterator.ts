import type { DynamoDbStreamsStore, ShardIteratorType } from '../store';
import { checkInput, sequenceNumberShape, shardIdShape, streamArnShape } from '../validation';

export const input = {
  StreamArn: { ...streamArnShape, required: true },
  ShardId: { ...shardIdShape, required: true },
  ShardIteratorType: {
    type: 'string',
    required: true,
    enum: ['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'],
  },
  SequenceNumber: sequenceNumberShape,
} as const;

/** GetShardIterator: TRIM_HORIZON, LATEST, AT_ or AFTER_SEQUENCE_NUMBER; valid for 15 minutes. */
export function getShardIterator(store: DynamoDbStreamsStore, request: unknown) {
  return store.getShardIterator(
    checkInput<{
      StreamArn: string;
      ShardId: string;
      ShardIteratorType: ShardIteratorType;
      SequenceNumber?: string;
    }>(request, input)
  );
}

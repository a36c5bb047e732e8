import { type InputShape, validateInput } from '../../../core/validate';
import { sequenceNumberShape, shardIdShape, streamRefShape } from '../shapes';
import type { GetShardIteratorParams, KinesisStore } from '../store';

/** The input shape, checked before the action runs. */
export const input = {
  ...streamRefShape,
  ShardId: { ...shardIdShape, required: true },
  ShardIteratorType: {
    type: 'string',
    required: true,
    enum: ['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER', 'TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'],
  },
  StartingSequenceNumber: sequenceNumberShape,
  Timestamp: { type: 'timestamp' },
} as const satisfies InputShape;

/** GetShardIterator: an iterator at TRIM_HORIZON, LATEST, a sequence number or a timestamp. */
export function getShardIterator(store: KinesisStore, req: GetShardIteratorParams) {
  validateInput(req, input);
  return store.getShardIterator(req);
}

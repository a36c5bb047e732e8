import { AwsError } from '../../../core/errors';
import { quotas } from '../../../core/quotas';
import { type InputShape, validateInput } from '../../../core/validate';
import { hashKeyShape, sequenceNumberShape, streamRefShape } from '../shapes';
import type { KinesisStore, PutEntry, StreamRef } from '../store';

/** The input shape, checked before the action runs. */
export const input = {
  ...streamRefShape,
  Data: { type: 'blob', required: true, max: quotas.kinesisRecordDataBytes.value },
  PartitionKey: {
    type: 'string',
    required: true,
    min: 1,
    max: quotas.kinesisPartitionKeyMaxLength.value,
  },
  ExplicitHashKey: hashKeyShape,
  SequenceNumberForOrdering: sequenceNumberShape,
} as const satisfies InputShape;

export interface PutRecordInput extends StreamRef, PutEntry {
  SequenceNumberForOrdering?: string;
}

/** PutRecord: one record; throws ProvisionedThroughputExceededException when its shard is saturated. */
export function putRecord(store: KinesisStore, req: PutRecordInput) {
  validateInput(req, input);
  const stream = store.stream(req, { active: true });
  const [result] = store.put(stream, [req], 'PutRecord');
  if (!result || 'ErrorCode' in result) {
    throw new AwsError(
      result?.ErrorCode ?? 'InternalFailure',
      result?.ErrorMessage ?? 'Internal failure'
    );
  }
  return { ShardId: result.ShardId, SequenceNumber: result.SequenceNumber, EncryptionType: 'NONE' };
}

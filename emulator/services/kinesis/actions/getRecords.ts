import { quotas } from '../../../core/quotas';
import { type InputShape, validateInput } from '../../../core/validate';
import { streamArnShape } from '../shapes';
import type { KinesisStore } from '../store';

/** The input shape, checked before the action runs. */
export const input = {
  ShardIterator: { type: 'string', required: true, min: 1, max: 512 },
  Limit: { type: 'integer', min: 1, max: quotas.kinesisGetRecordsMaxRecords.value },
  StreamARN: streamArnShape,
} as const satisfies InputShape;

export interface GetRecordsInput {
  ShardIterator: string;
  Limit?: number;
  StreamARN?: string;
}

/** GetRecords: records from an iterator within the shard read quotas. */
export function getRecords(store: KinesisStore, req: GetRecordsInput) {
  validateInput(req, input);
  return store.getRecords(req);
}

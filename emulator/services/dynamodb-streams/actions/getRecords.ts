import { quotas } from '../../../core/quotas';
import type { DynamoDbStreamsStore } from '../store';
import { checkInput } from '../validation';

export const input = {
  ShardIterator: { type: 'string', required: true, min: 1, max: 2048 },
  Limit: { type: 'integer', min: 1, max: quotas.dynamoDbStreamGetRecordsMaxRecords.value },
} as const;

/** GetRecords: up to Limit records (at most 1,000 and 1 MB) and the iterator to read on from. */
export function getRecords(store: DynamoDbStreamsStore, request: unknown) {
  return store.getRecords(checkInput<{ ShardIterator: string; Limit?: number }>(request, input));
}

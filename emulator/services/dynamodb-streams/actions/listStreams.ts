import { quotas } from '../../../core/quotas';
import type { DynamoDbStreamsStore } from '../store';
import { checkInput, streamArnShape } from '../validation';

export const input = {
  TableName: { type: 'string', min: 3, max: 255, pattern: '[a-zA-Z0-9_.-]+' },
  Limit: { type: 'integer', min: 1, max: quotas.dynamoDbStreamListMaxResults.value },
  ExclusiveStartStreamArn: streamArnShape,
} as const;

/** ListStreams: every stream (enabled, or disabled less than 24 hours ago), optionally of one table. */
export function listStreams(store: DynamoDbStreamsStore, request: unknown) {
  return store.listStreams(
    checkInput<{ TableName?: string; Limit?: number; ExclusiveStartStreamArn?: string }>(
      request,
      input
    )
  );
}

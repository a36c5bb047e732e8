import { quotas } from '../../../core/quotas';
import type { DynamoDbStreamsStore } from '../store';
import { checkInput, shardIdShape, streamArnShape } from '../validation';

export const input = {
  StreamArn: { ...streamArnShape, required: true },
  Limit: { type: 'integer', min: 1, max: quotas.dynamoDbStreamListMaxResults.value },
  ExclusiveStartShardId: shardIdShape,
} as const;

/** DescribeStream: status, view type, key schema and the stream's one shard. */
export function describeStream(store: DynamoDbStreamsStore, request: unknown) {
  return store.describeStream(
    checkInput<{ StreamArn: string; Limit?: number; ExclusiveStartShardId?: string }>(
      request,
      input
    )
  );
}

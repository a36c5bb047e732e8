import { AwsError } from '../../../core/errors';
import { writeUnits } from '../capacity';
import { ddbValidationError, type Item, itemSize, type TableRecord } from '../dynalite';
import type { DynamoDbStore, TableState } from '../store';

interface WriteRequest {
  PutRequest?: { Item: Item };
  DeleteRequest?: { Key: Item };
}

/**
 * BatchWriteItem: the whole request is validated first (as dynalite and AWS do), then each
 * item is admitted against its table's write bucket on its own. Throttled items come back in
 * UnprocessedItems without an error, each one a WriteThrottleEvent; only when every item is
 * throttled does the call fail with the throttling error and count as a ThrottledRequest
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html).
 */
export async function batchWriteItem(store: DynamoDbStore, input: Record<string, unknown>) {
  const data = store.dynalite.validate('BatchWriteItem', input);
  const requestItems = data.RequestItems as Record<string, WriteRequest[]>;

  for (const [tableName, requests] of Object.entries(requestItems)) {
    checkRequests(store, await store.activeTable(tableName), requests);
  }

  const admitted: Record<string, WriteRequest[]> = {};
  const unprocessed: Record<string, WriteRequest[]> = {};
  const estimates = new Map<string, number>();
  const states: TableState[] = [];
  let total = 0;
  let throttled = 0;
  for (const [tableName, requests] of Object.entries(requestItems)) {
    const state = store.table(tableName);
    if (!state) continue;
    states.push(state);
    const keep: WriteRequest[] = [];
    const refused: WriteRequest[] = [];
    for (const request of requests) {
      total++;
      const units = request.PutRequest ? writeUnits(itemSize(request.PutRequest.Item)) : 1;
      if (store.tryAdmit(state, 'write', units)) {
        keep.push(request);
        estimates.set(tableName, (estimates.get(tableName) ?? 0) + units);
      } else {
        refused.push(request);
      }
    }
    if (keep.length > 0) admitted[tableName] = keep;
    if (refused.length > 0) unprocessed[tableName] = refused;
    throttled += refused.length;
    store.metrics.throttleEvents(tableName, 'write', refused.length);
  }
  if (total > 0 && throttled === total) {
    for (const state of states) store.metrics.throttledRequest(state.name, 'BatchWriteItem');
    throw store.throttleError(states, 'write');
  }

  const wanted = data.ReturnConsumedCapacity;
  const output = await store.dynalite.call<{
    ConsumedCapacity?: { TableName: string; CapacityUnits: number }[];
  }>('BatchWriteItem', {
    RequestItems: admitted,
    ReturnConsumedCapacity: wanted === 'INDEXES' ? 'INDEXES' : 'TOTAL',
  });
  for (const consumed of output.ConsumedCapacity ?? []) {
    const state = store.table(consumed.TableName);
    if (!state) continue;
    store.settle(state, 'write', consumed.CapacityUnits - (estimates.get(consumed.TableName) ?? 0));
    store.metrics.consumed(state.name, 'write', consumed.CapacityUnits);
  }
  return {
    UnprocessedItems: unprocessed,
    ...(wanted === 'TOTAL' || wanted === 'INDEXES'
      ? { ConsumedCapacity: output.ConsumedCapacity }
      : {}),
  };
}

/** dynalite's per-table checks (key schema, duplicates), run before anything is written. */
function checkRequests(store: DynamoDbStore, table: TableRecord, requests: WriteRequest[]): void {
  const seen = new Set<string>();
  for (const request of requests) {
    let key: string;
    try {
      if (request.PutRequest) {
        store.dynalite.checkItem(request.PutRequest.Item, table);
        key = store.dynalite.keyOf(request.PutRequest.Item, table);
      } else {
        const deleteKey = (request.DeleteRequest as { Key: Item }).Key;
        store.dynalite.checkKey(deleteKey, table);
        key = store.dynalite.keyOf(deleteKey, table);
      }
    } catch (error) {
      if (
        error instanceof AwsError &&
        /Missing the key|Type mismatch for key/.test(error.message)
      ) {
        throw ddbValidationError('The provided key element does not match the schema');
      }
      throw error;
    }
    if (seen.has(key)) throw ddbValidationError('Provided list of item keys contains duplicates');
    seen.add(key);
  }
}

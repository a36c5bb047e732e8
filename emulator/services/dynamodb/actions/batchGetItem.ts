import type { Item } from '../dynalite';
import type { DynamoDbStore, TableState } from '../store';

interface KeysAndAttributes {
  Keys: Item[];
  ConsistentRead?: boolean;
  [member: string]: unknown;
}

/**
 * BatchGetItem: validated as a whole, then each key is admitted against its table's read bucket
 * (one unit, half if eventually consistent). Throttled keys come back in UnprocessedKeys; only
 * when every key is throttled does the call fail and count as a ThrottledRequest.
 */
export async function batchGetItem(store: DynamoDbStore, input: Record<string, unknown>) {
  const data = store.dynalite.validate('BatchGetItem', input);
  const requestItems = data.RequestItems as Record<string, KeysAndAttributes>;

  for (const [tableName, request] of Object.entries(requestItems)) {
    const table = await store.activeTable(tableName);
    for (const key of request.Keys) store.dynalite.checkKey(key, table);
  }

  const admitted: Record<string, KeysAndAttributes> = {};
  const unprocessed: Record<string, Record<string, unknown>> = {};
  const estimates = new Map<string, number>();
  const states: TableState[] = [];
  let total = 0;
  let throttled = 0;
  for (const [tableName, request] of Object.entries(requestItems)) {
    const state = store.table(tableName);
    if (!state) continue;
    states.push(state);
    const units = request.ConsistentRead ? 1 : 0.5;
    const keep: Item[] = [];
    const refused: Item[] = [];
    for (const key of request.Keys) {
      total++;
      if (store.tryAdmit(state, 'read', units)) {
        keep.push(key);
        estimates.set(tableName, (estimates.get(tableName) ?? 0) + units);
      } else {
        refused.push(key);
      }
    }
    throttled += refused.length;
    store.metrics.throttleEvents(tableName, 'read', refused.length);
    if (keep.length > 0) admitted[tableName] = { ...request, Keys: keep };
    if (refused.length > 0) unprocessed[tableName] = { ...publicMembers(request), Keys: refused };
  }
  if (total > 0 && throttled === total) {
    for (const state of states) store.metrics.throttledRequest(state.name, 'BatchGetItem');
    throw store.throttleError(states, 'read');
  }

  const wanted = data.ReturnConsumedCapacity;
  const output = await store.dynalite.call<{
    Responses: Record<string, Item[]>;
    UnprocessedKeys: Record<string, Record<string, unknown>>;
    ConsumedCapacity?: { TableName: string; CapacityUnits: number }[];
  }>('BatchGetItem', {
    RequestItems: admitted,
    ReturnConsumedCapacity: wanted === 'INDEXES' ? 'INDEXES' : 'TOTAL',
  });
  for (const consumed of output.ConsumedCapacity ?? []) {
    const state = store.table(consumed.TableName);
    if (!state) continue;
    store.settle(state, 'read', consumed.CapacityUnits - (estimates.get(consumed.TableName) ?? 0));
    store.metrics.consumed(state.name, 'read', consumed.CapacityUnits);
  }
  const responses = output.Responses;
  for (const tableName of Object.keys(requestItems)) responses[tableName] ??= [];
  for (const [tableName, rest] of Object.entries(output.UnprocessedKeys)) {
    const keys = [
      ...((rest.Keys as Item[]) ?? []),
      ...((unprocessed[tableName]?.Keys as Item[]) ?? []),
    ];
    unprocessed[tableName] = { ...(unprocessed[tableName] ?? rest), Keys: keys };
  }
  return {
    Responses: responses,
    UnprocessedKeys: unprocessed,
    ...(wanted === 'TOTAL' || wanted === 'INDEXES'
      ? { ConsumedCapacity: output.ConsumedCapacity }
      : {}),
  };
}

/** The request members as the client wrote them (dynalite adds parsed `_projection` and the like). */
function publicMembers(request: KeysAndAttributes): Record<string, unknown> {
  return Object.fromEntries(Object.entries(request).filter(([name]) => !name.startsWith('_')));
}

import type { Item } from '../dynalite';
import type { DynamoDbStore } from '../store';

/**
 * GetItem: admitted on one read unit (half for an eventually consistent read), then charged
 * 4 KB units of the item read.
 */
export function getItem(store: DynamoDbStore, input: Record<string, unknown>) {
  const data = store.dynalite.validate('GetItem', input);
  const state = store.table(data.TableName as string);
  const estimate = data.ConsistentRead ? 1 : 0.5;
  if (state) {
    store.dynalite.checkKey(data.Key as Item, state.record);
    store.admit(state, 'read', estimate, 'GetItem');
  }
  return store.runAdmitted(state, 'GetItem', 'read', data, estimate);
}

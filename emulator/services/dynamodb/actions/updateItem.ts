import type { Item } from '../dynalite';
import type { DynamoDbStore } from '../store';

/**
 * UpdateItem: admitted on one write unit (the item's size is known only once it is read), then
 * charged the larger of the old and new item.
 */
export function updateItem(store: DynamoDbStore, input: Record<string, unknown>) {
  const data = store.dynalite.validate('UpdateItem', input);
  const state = store.table(data.TableName as string);
  const estimate = 1;
  if (state) {
    store.dynalite.checkKey(data.Key as Item, state.record);
    store.admit(state, 'write', estimate, 'UpdateItem');
  }
  return store.runAdmitted(state, 'UpdateItem', 'write', data, estimate);
}

import type { Item } from '../dynalite';
import type { DynamoDbStore } from '../store';

/** DeleteItem: admitted on one write unit, then charged the deleted item's size (at least 1). */
export function deleteItem(store: DynamoDbStore, input: Record<string, unknown>) {
  const data = store.dynalite.validate('DeleteItem', input);
  const state = store.table(data.TableName as string);
  const estimate = 1;
  if (state) {
    store.dynalite.checkKey(data.Key as Item, state.record);
    store.admit(state, 'write', estimate, 'DeleteItem');
  }
  return store.runAdmitted(state, 'DeleteItem', 'write', data, estimate);
}

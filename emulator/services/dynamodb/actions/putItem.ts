import { writeUnits } from '../capacity';
import { type Item, itemSize } from '../dynalite';
import type { DynamoDbStore } from '../store';

/**
 * PutItem: admitted if the table's write bucket holds the new item's write units, then charged
 * the larger of the old and new item (as AWS counts a replacing write).
 */
export function putItem(store: DynamoDbStore, input: Record<string, unknown>) {
  const data = store.dynalite.validate('PutItem', input);
  const state = store.table(data.TableName as string);
  let estimate = 0;
  if (state) {
    store.dynalite.checkItem(data.Item as Item, state.record);
    estimate = writeUnits(itemSize(data.Item as Item));
    store.admit(state, 'write', estimate, 'PutItem');
  }
  return store.runAdmitted(state, 'PutItem', 'write', data, estimate);
}

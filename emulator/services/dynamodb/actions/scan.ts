import type { DynamoDbStore } from '../store';

/**
 * Scan: admitted on one read unit (half if eventually consistent), then charged the 4 KB units
 * of all the items it read (before the filter).
 */
export async function scan(store: DynamoDbStore, input: Record<string, unknown>) {
  const data = store.dynalite.validate('Scan', input);
  const state = store.table(data.TableName as string);
  const estimate = data.ConsistentRead ? 1 : 0.5;
  if (state) store.admit(state, 'read', estimate, 'Scan');
  const output = await store.runAdmitted(state, 'Scan', 'read', data, estimate);
  if (state) store.metrics.returnedItems(state.name, 'Scan', Number(output.Count ?? 0));
  return output;
}

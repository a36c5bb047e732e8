import type { DynamoDbStore } from '../store';

/**
 * Query: admitted on one read unit (half if eventually consistent), then charged the 4 KB units
 * of all the items it read (before the filter), as AWS charges a Query.
 */
export async function query(store: DynamoDbStore, input: Record<string, unknown>) {
  const data = store.dynalite.validate('Query', input);
  const state = store.table(data.TableName as string);
  const estimate = data.ConsistentRead ? 1 : 0.5;
  if (state) store.admit(state, 'read', estimate, 'Query');
  const output = await store.runAdmitted(state, 'Query', 'read', data, estimate);
  if (state) store.metrics.returnedItems(state.name, 'Query', Number(output.Count ?? 0));
  return output;
}

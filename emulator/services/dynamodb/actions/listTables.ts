import type { DynamoDbStore } from '../store';

/** ListTables: dynalite's, as is. */
export function listTables(store: DynamoDbStore, input: Record<string, unknown>) {
  return store.dynalite.call('ListTables', store.dynalite.validate('ListTables', input));
}

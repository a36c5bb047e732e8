import type { DynamoDbStore } from '../store';

/** DeleteTable: the table goes, its stream is disabled and stays readable for 24 hours. */
export function deleteTable(store: DynamoDbStore, input: Record<string, unknown>) {
  return store.deleteTable(input);
}

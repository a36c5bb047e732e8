import type { DynamoDbStore } from '../store';

/** CreateTable: dynalite's validation and table, plus the table's capacity and its stream. */
export function createTable(store: DynamoDbStore, input: Record<string, unknown>) {
  return store.createTable(input);
}

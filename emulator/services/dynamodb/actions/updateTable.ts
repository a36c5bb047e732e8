import type { DynamoDbStore } from '../store';

/** UpdateTable: capacity mode, provisioned throughput and StreamSpecification, effective at once. */
export function updateTable(store: DynamoDbStore, input: Record<string, unknown>) {
  return store.updateTable(input);
}

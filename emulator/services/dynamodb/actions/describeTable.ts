import type { DynamoDbStore } from '../store';

/** DescribeTable: dynalite's, as is. */
export function describeTable(store: DynamoDbStore, input: Record<string, unknown>) {
  return store.dynalite.call('DescribeTable', store.dynalite.validate('DescribeTable', input));
}

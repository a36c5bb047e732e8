import type { SqsStore } from '../store';
import { type InputTable, queueUrlField, validateInput } from '../validation';

export const input = { QueueUrl: queueUrlField } as const satisfies InputTable;

/** DeleteQueue. */
export function deleteQueue(store: SqsStore, request: unknown): Record<string, never> {
  const req = validateInput<{ QueueUrl: string }>(request, input);
  store.deleteQueue(req.QueueUrl);
  return {};
}

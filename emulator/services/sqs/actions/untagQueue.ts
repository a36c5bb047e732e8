import type { SqsStore } from '../store';
import { type InputTable, queueUrlField, validateInput } from '../validation';

export const input = {
  QueueUrl: queueUrlField,
  TagKeys: { type: 'list', required: true },
} as const satisfies InputTable;

/** UntagQueue. */
export function untagQueue(store: SqsStore, request: unknown): Record<string, never> {
  const req = validateInput<{ QueueUrl: string; TagKeys: string[] }>(request, input);
  store.untagQueue(req.QueueUrl, req.TagKeys);
  return {};
}

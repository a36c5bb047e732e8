import type { SqsStore } from '../store';
import { type InputTable, queueUrlField, validateInput } from '../validation';

export const input = {
  QueueUrl: queueUrlField,
  Tags: { type: 'map', required: true },
} as const satisfies InputTable;

/** TagQueue. */
export function tagQueue(store: SqsStore, request: unknown): Record<string, never> {
  const req = validateInput<{ QueueUrl: string; Tags: Record<string, string> }>(request, input);
  store.tagQueue(req.QueueUrl, req.Tags);
  return {};
}

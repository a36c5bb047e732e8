import type { SqsStore } from '../store';
import { type InputTable, queueUrlField, validateInput } from '../validation';

export const input = { QueueUrl: queueUrlField } as const satisfies InputTable;

/** ListQueueTags: `Tags` is omitted when the queue has none. */
export function listQueueTags(
  store: SqsStore,
  request: unknown
): { Tags?: Record<string, string> } {
  const req = validateInput<{ QueueUrl: string }>(request, input);
  const tags = store.listQueueTags(req.QueueUrl);
  return Object.keys(tags).length > 0 ? { Tags: tags } : {};
}

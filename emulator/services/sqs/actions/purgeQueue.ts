import type { SqsStore } from '../store';
import { type InputTable, queueUrlField, validateInput } from '../validation';

export const input = { QueueUrl: queueUrlField } as const satisfies InputTable;

/** PurgeQueue: once per 60 s per queue (PurgeQueueInProgress otherwise). */
export function purgeQueue(store: SqsStore, request: unknown): Record<string, never> {
  const req = validateInput<{ QueueUrl: string }>(request, input);
  store.purge(req.QueueUrl);
  return {};
}

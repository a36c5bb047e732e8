import type { SqsStore } from '../store';
import type { SendMessageBatchOutput } from '../types';
import { type InputTable, queueUrlField, validateInput } from '../validation';

/** SendMessageBatch's members; entry and total-size rules live in the store. */
export const input = {
  QueueUrl: queueUrlField,
  Entries: { type: 'list', required: true },
} as const satisfies InputTable;

/** SendMessageBatch: up to 10 entries, 1 MiB in total; per-entry failures in `Failed`. */
export function sendMessageBatch(store: SqsStore, request: unknown): SendMessageBatchOutput {
  const req = validateInput<{ QueueUrl: string; Entries: unknown[] }>(request, input);
  return store.sendBatch(req.QueueUrl, req.Entries);
}

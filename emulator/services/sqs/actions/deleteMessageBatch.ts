import type { SqsStore } from '../store';
import type { IdBatchOutput } from '../types';
import { type InputTable, queueUrlField, validateInput } from '../validation';

export const input = {
  QueueUrl: queueUrlField,
  Entries: { type: 'list', required: true },
} as const satisfies InputTable;

/** DeleteMessageBatch: up to 10 entries; per-entry failures in `Failed`. */
export function deleteMessageBatch(store: SqsStore, request: unknown): IdBatchOutput {
  const req = validateInput<{ QueueUrl: string; Entries: unknown[] }>(request, input);
  return store.deleteBatch(req.QueueUrl, req.Entries);
}

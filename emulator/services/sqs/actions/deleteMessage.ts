import type { SqsStore } from '../store';
import { type InputTable, queueUrlField, validateInput } from '../validation';

export const input = {
  QueueUrl: queueUrlField,
  ReceiptHandle: { type: 'string', required: true },
} as const satisfies InputTable;

/** DeleteMessage. */
export function deleteMessage(store: SqsStore, request: unknown): Record<string, never> {
  const req = validateInput<{ QueueUrl: string; ReceiptHandle: string }>(request, input);
  store.delete(req.QueueUrl, req.ReceiptHandle);
  return {};
}

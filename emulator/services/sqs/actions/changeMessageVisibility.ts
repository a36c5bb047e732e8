import type { SqsStore } from '../store';
import {
  type InputTable,
  queueUrlField,
  validateInput,
  visibilityTimeoutField,
} from '../validation';

export const input = {
  QueueUrl: queueUrlField,
  ReceiptHandle: { type: 'string', required: true },
  VisibilityTimeout: { ...visibilityTimeoutField, required: true },
} as const satisfies InputTable;

interface ChangeMessageVisibilityInput {
  QueueUrl: string;
  ReceiptHandle: string;
  VisibilityTimeout: number;
}

/** ChangeMessageVisibility: 0-43,200 s from now, at most 12 h after the receive. */
export function changeMessageVisibility(store: SqsStore, request: unknown): Record<string, never> {
  const req = validateInput<ChangeMessageVisibilityInput>(request, input);
  store.changeVisibility(req.QueueUrl, req.ReceiptHandle, req.VisibilityTimeout);
  return {};
}

import type { SqsStore } from '../store';
import { type InputTable, queueUrlField, validateInput } from '../validation';

export const input = {
  QueueUrl: queueUrlField,
  Attributes: { type: 'map', required: true },
} as const satisfies InputTable;

/** SetQueueAttributes: all attributes are validated before any is applied. */
export function setQueueAttributes(store: SqsStore, request: unknown): Record<string, never> {
  const req = validateInput<{ QueueUrl: string; Attributes: Record<string, unknown> }>(
    request,
    input
  );
  store.setAttributes(req.QueueUrl, req.Attributes);
  return {};
}

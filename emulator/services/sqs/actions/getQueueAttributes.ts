import type { SqsStore } from '../store';
import type { QueueAttributes } from '../types';
import { type InputTable, queueUrlField, validateInput } from '../validation';

export const input = {
  QueueUrl: queueUrlField,
  AttributeNames: { type: 'list' },
} as const satisfies InputTable;

/** GetQueueAttributes: `All` or the named attributes; none named returns none. */
export function getQueueAttributes(
  store: SqsStore,
  request: unknown
): { Attributes?: QueueAttributes } {
  const req = validateInput<{ QueueUrl: string; AttributeNames?: string[] }>(request, input);
  const names = req.AttributeNames ?? [];
  const attributes = store.getAttributes(req.QueueUrl, names);
  return names.length > 0 ? { Attributes: attributes } : {};
}

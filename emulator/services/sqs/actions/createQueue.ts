import type { SqsStore } from '../store';
import { type InputTable, validateInput } from '../validation';

/** CreateQueue's members (the JSON protocol names the tag map `tags`). */
export const input = {
  QueueName: { type: 'string', required: true },
  Attributes: { type: 'map' },
  tags: { type: 'map' },
} as const satisfies InputTable;

interface CreateQueueInput {
  QueueName: string;
  Attributes?: Record<string, unknown>;
  tags?: Record<string, string>;
}

/** CreateQueue: returns the QueueUrl, on the emulator's endpoint. */
export function createQueue(store: SqsStore, request: unknown): { QueueUrl: string } {
  const req = validateInput<CreateQueueInput>(request, input);
  const queue = store.createQueue(req.QueueName, req.Attributes, req.tags);
  return { QueueUrl: store.queueUrl(queue) };
}

import type { SqsStore } from '../store';
import type { SendMessageInput, SendMessageOutput } from '../types';
import { type InputTable, queueUrlField, validateInput } from '../validation';

/**
 * SendMessage's members. The message itself (size against the queue's MaximumMessageSize,
 * characters, attributes, DelaySeconds) is checked by the store, which SendMessageBatch and the
 * pollers share.
 */
export const input = {
  QueueUrl: queueUrlField,
  MessageBody: { type: 'string', required: true },
  MessageAttributes: { type: 'map' },
  MessageSystemAttributes: { type: 'map' },
} as const satisfies InputTable;

/** SendMessage. */
export function sendMessage(store: SqsStore, request: unknown): SendMessageOutput {
  const req = validateInput<SendMessageInput & { QueueUrl: string }>(request, input);
  return store.send(req.QueueUrl, req);
}

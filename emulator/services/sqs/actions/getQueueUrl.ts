import { queueDoesNotExist } from '../errors';
import type { SqsStore } from '../store';
import { type InputTable, validateInput } from '../validation';

export const input = {
  QueueName: { type: 'string', required: true },
  QueueOwnerAWSAccountId: { type: 'string' },
} as const satisfies InputTable;

interface GetQueueUrlInput {
  QueueName: string;
  QueueOwnerAWSAccountId?: string;
}

/** GetQueueUrl: the emulator has one account, so another owner's queue never exists. */
export function getQueueUrl(store: SqsStore, request: unknown): { QueueUrl: string } {
  const req = validateInput<GetQueueUrlInput>(request, input);
  const owner = req.QueueOwnerAWSAccountId;
  if (owner !== undefined && owner !== store.accountId) throw queueDoesNotExist();
  const queue = store.getQueue(store.queueUrl(encodeURIComponent(req.QueueName)));
  return { QueueUrl: store.queueUrl(queue) };
}

import { quotas } from '../../../core/quotas';
import type { SqsStore } from '../store';
import type { ReceiveMessageOutput } from '../types';
import {
  type InputTable,
  queueUrlField,
  validateInput,
  visibilityTimeoutField,
} from '../validation';

export const input = {
  QueueUrl: queueUrlField,
  AttributeNames: { type: 'list' },
  MessageSystemAttributeNames: { type: 'list' },
  MessageAttributeNames: { type: 'list' },
  MaxNumberOfMessages: {
    type: 'integer',
    min: 1,
    max: quotas.sqsReceiveMaxMessages.value,
    reason: `Must be between 1 and ${quotas.sqsReceiveMaxMessages.value}, if provided.`,
  },
  VisibilityTimeout: visibilityTimeoutField,
  WaitTimeSeconds: {
    type: 'integer',
    min: 0,
    max: quotas.sqsReceiveWaitTimeMax.value,
    reason: `Must be >= 0 and <= ${quotas.sqsReceiveWaitTimeMax.value}, if provided.`,
  },
  ReceiveRequestAttemptId: { type: 'string' },
} as const satisfies InputTable;

interface ReceiveMessageRequest {
  QueueUrl: string;
  AttributeNames?: string[];
  MessageSystemAttributeNames?: string[];
  MessageAttributeNames?: string[];
  MaxNumberOfMessages?: number;
  VisibilityTimeout?: number;
  WaitTimeSeconds?: number;
}

/**
 * ReceiveMessage: up to MaxNumberOfMessages (1-10), long-polling up to WaitTimeSeconds on the
 * emulator clock. AttributeNames (deprecated) and MessageSystemAttributeNames are merged.
 */
export function receiveMessage(store: SqsStore, request: unknown): Promise<ReceiveMessageOutput> {
  const req = validateInput<ReceiveMessageRequest>(request, input);
  return store.receive(req.QueueUrl, {
    maxNumberOfMessages: req.MaxNumberOfMessages,
    visibilityTimeout: req.VisibilityTimeout,
    waitTimeSeconds: req.WaitTimeSeconds,
    attributeNames: [...(req.AttributeNames ?? []), ...(req.MessageSystemAttributeNames ?? [])],
    messageAttributeNames: req.MessageAttributeNames,
  });
}

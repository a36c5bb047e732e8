import type { EmulatorEnv, ServiceDefinition } from '../../core/service';
import { changeMessageVisibility } from './actions/changeMessageVisibility';
import { changeMessageVisibilityBatch } from './actions/changeMessageVisibilityBatch';
import { createQueue } from './actions/createQueue';
import { deleteMessage } from './actions/deleteMessage';
import { deleteMessageBatch } from './actions/deleteMessageBatch';
import { deleteQueue } from './actions/deleteQueue';
import { getQueueAttributes } from './actions/getQueueAttributes';
import { getQueueUrl } from './actions/getQueueUrl';
import { listDeadLetterSourceQueues } from './actions/listDeadLetterSourceQueues';
import { listQueues } from './actions/listQueues';
import { listQueueTags } from './actions/listQueueTags';
import { purgeQueue } from './actions/purgeQueue';
import { receiveMessage } from './actions/receiveMessage';
import { sendMessage } from './actions/sendMessage';
import { sendMessageBatch } from './actions/sendMessageBatch';
import { setQueueAttributes } from './actions/setQueueAttributes';
import { tagQueue } from './actions/tagQueue';
import { untagQueue } from './actions/untagQueue';
import { sqsQueryCodec } from './query-codec';
import { SqsStore, type SqsStoreOptions } from './store';

export { type ReceiveOptions, SQS_NAMESPACE, SqsStore, type SqsStoreOptions } from './store';
export type * from './types';

/**
 * The emulated SQS: awsJson1_0 (`AmazonSQS.*`, query-compatible errors) for the SDK, awsQuery
 * (`Version=2012-11-05`) for Debian's awscli, and a store the Lambda and Pipes pollers call
 * directly. Standard queues only: CreateQueue with `FifoQueue=true` is UnsupportedOperation.
 *
 * The composition must publish the Approximate* gauges once per emulated minute: call
 * `store.startGaugeSampler()` once (it returns a stop function), or `store.sampleGauges()` from
 * its own timer. The event counters (NumberOfMessagesSent ...) are recorded as they happen.
 * `options` shortens the 60-second QueueDeletedRecently and PurgeQueue windows (tests).
 *
 * @example
 * const sqs = createSqsService(env);
 * dispatcher.register(sqs.definition);          // or emulator.register(sqs.definition)
 * const stopSampling = sqs.store.startGaugeSampler();
 */
export function createSqsService(
  env: EmulatorEnv,
  options: Partial<SqsStoreOptions> = {}
): { definition: ServiceDefinition; store: SqsStore } {
  const store = new SqsStore(env, options);
  const definition: ServiceDefinition = {
    signingName: 'sqs',
    jsonTargetPrefix: 'AmazonSQS',
    jsonVersion: '1.0',
    jsonErrorTypePrefix: 'com.amazonaws.sqs#',
    queryCompatible: true,
    queryVersion: '2012-11-05',
    queryXmlNamespace: 'http://queue.amazonaws.com/doc/2012-11-05/',
    queryCodec: sqsQueryCodec,
    actions: {
      ChangeMessageVisibility: (input) => changeMessageVisibility(store, input),
      ChangeMessageVisibilityBatch: (input) => changeMessageVisibilityBatch(store, input),
      CreateQueue: (input) => createQueue(store, input),
      DeleteMessage: (input) => deleteMessage(store, input),
      DeleteMessageBatch: (input) => deleteMessageBatch(store, input),
      DeleteQueue: (input) => deleteQueue(store, input),
      GetQueueAttributes: (input) => getQueueAttributes(store, input),
      GetQueueUrl: (input) => getQueueUrl(store, input),
      ListDeadLetterSourceQueues: (input) => listDeadLetterSourceQueues(store, input),
      ListQueues: (input) => listQueues(store, input),
      ListQueueTags: (input) => listQueueTags(store, input),
      PurgeQueue: (input) => purgeQueue(store, input),
      ReceiveMessage: (input) => receiveMessage(store, input),
      SendMessage: (input) => sendMessage(store, input),
      SendMessageBatch: (input) => sendMessageBatch(store, input),
      SetQueueAttributes: (input) => setQueueAttributes(store, input),
      TagQueue: (input) => tagQueue(store, input),
      UntagQueue: (input) => untagQueue(store, input),
    },
  };
  return { definition, store };
}

import { defaultAttributes, stringifyAttributes } from '../../services/sqs/queue-attributes';
import { NAME_LIMITS } from '../physical-names';
import {
  alreadyExists,
  type ProvidedResource,
  type ProviderContext,
  type ResourceProvider,
  tagMap,
  without,
} from '../provider';

const TYPE = 'AWS::SQS::Queue';
/** Template properties that are not queue attributes. */
const NOT_ATTRIBUTES = ['QueueName', 'Tags'];

/**
 * AWS::SQS::Queue
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html).
 * Ref is the QueueUrl; GetAtt Arn, QueueName, QueueUrl. Every property but QueueName and Tags
 * is a queue attribute, set in place by SetQueueAttributes; a property removed from the
 * template goes back to SQS's default.
 */
export const sqsQueueProvider: ResourceProvider = {
  type: TYPE,
  attributes: ['Arn', 'QueueName', 'QueueUrl'],
  replaceOn: ['QueueName', 'FifoQueue'],
  properties: [
    'ContentBasedDeduplication',
    'DeduplicationScope',
    'DelaySeconds',
    'FifoQueue',
    'FifoThroughputLimit',
    'KmsDataKeyReusePeriodSeconds',
    'KmsMasterKeyId',
    'MaximumMessageSize',
    'MessageRetentionPeriod',
    'QueueName',
    'ReceiveMessageWaitTimeSeconds',
    'RedriveAllowPolicy',
    'RedrivePolicy',
    'SqsManagedSseEnabled',
    'Tags',
    'VisibilityTimeout',
  ],
  nameProperty: 'QueueName',

  create(ctx, props) {
    const sqs = ctx.service('sqs');
    const fifo = String(props.FifoQueue) === 'true';
    const name =
      props.QueueName !== undefined
        ? String(props.QueueName)
        : fifo
          ? `${ctx.generateName(NAME_LIMITS.sqsQueue - '.fifo'.length)}.fifo`
          : ctx.generateName(NAME_LIMITS.sqsQueue);
    if (sqs.findQueue(sqs.queueUrl(name))) throw alreadyExists(TYPE, sqs.queueUrl(name));
    const queue = sqs.createQueue(name, without(props, ...NOT_ATTRIBUTES), tagMap(props.Tags));
    return described(ctx, queue.name);
  },

  update(ctx, current, props, previous) {
    const sqs = ctx.service('sqs');
    const queue = sqs.getQueue(current.physicalId);
    const next = stringifyAttributes(without(props, ...NOT_ATTRIBUTES, 'FifoQueue'));
    const before = stringifyAttributes(without(previous, ...NOT_ATTRIBUTES, 'FifoQueue'));
    const defaults = defaultAttributes();
    const changes: Record<string, string> = {};
    for (const key of new Set([...Object.keys(before), ...Object.keys(next)])) {
      if (next[key] === before[key]) continue;
      changes[key] = next[key] ?? defaults[key] ?? '';
    }
    if (Object.keys(changes).length > 0) sqs.setAttributes(queue.arn, changes);
    const oldTags = tagMap(previous.Tags);
    const newTags = tagMap(props.Tags);
    const removed = Object.keys(oldTags).filter((key) => !(key in newTags));
    if (removed.length > 0) sqs.untagQueue(queue.arn, removed);
    if (Object.keys(newTags).length > 0) sqs.tagQueue(queue.arn, newTags);
    return described(ctx, queue.name);
  },

  delete(ctx, current) {
    const sqs = ctx.service('sqs');
    if (sqs.findQueue(current.physicalId)) sqs.deleteQueue(current.physicalId);
  },
};

function described(ctx: ProviderContext, name: string): ProvidedResource {
  const sqs = ctx.service('sqs');
  const url = sqs.queueUrl(name);
  return {
    physicalId: url,
    attributes: { Arn: sqs.getQueue(url).arn, QueueName: name, QueueUrl: url },
  };
}

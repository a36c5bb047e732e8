import { quotas } from '../../core/quotas';
import { invalidAttributeValue, sqsError, unknownAttribute } from './errors';
import type { QueueAttributes } from './types';

/** How one settable queue attribute is checked and normalized. */
interface AttributeRule {
  /** Integer range, if the attribute is a number of seconds or bytes. */
  range?: readonly [number, number];
  /** Allowed literal values. */
  oneOf?: readonly string[];
  /** Only CreateQueue may set it (FifoQueue). */
  createOnly?: boolean;
  /** Only FIFO queues know it; a standard queue answers "Unknown Attribute". */
  fifoOnly?: boolean;
}

/**
 * Queue attributes that CreateQueue and SetQueueAttributes accept, as a table
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html).
 * RedrivePolicy is validated by the store, which knows whether the target queue exists.
 */
export const settableAttributes: Record<string, AttributeRule> = {
  DelaySeconds: { range: [0, quotas.sqsDelaySecondsMax.value] },
  MaximumMessageSize: {
    range: [quotas.sqsMaximumMessageSizeMin.value, quotas.sqsMaximumMessageSizeMax.value],
  },
  MessageRetentionPeriod: {
    range: [quotas.sqsMessageRetentionMin.value, quotas.sqsMessageRetentionMax.value],
  },
  ReceiveMessageWaitTimeSeconds: { range: [0, quotas.sqsReceiveWaitTimeMax.value] },
  VisibilityTimeout: { range: [0, quotas.sqsVisibilityTimeoutMax.value] },
  Policy: {},
  RedrivePolicy: {},
  RedriveAllowPolicy: {},
  KmsMasterKeyId: {},
  KmsDataKeyReusePeriodSeconds: {
    range: [quotas.sqsKmsDataKeyReusePeriodMin.value, quotas.sqsKmsDataKeyReusePeriodMax.value],
  },
  SqsManagedSseEnabled: { oneOf: ['true', 'false'] },
  FifoQueue: { oneOf: ['true', 'false'], createOnly: true },
  ContentBasedDeduplication: { fifoOnly: true },
  DeduplicationScope: { fifoOnly: true },
  FifoThroughputLimit: { fifoOnly: true },
};

/** Attributes GetQueueAttributes computes rather than stores. */
export const computedAttributes = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;

/** Every name GetQueueAttributes accepts (besides `All`). */
export const readableAttributes: ReadonlySet<string> = new Set([
  ...computedAttributes,
  ...Object.keys(settableAttributes),
]);

/** A new standard queue's stored attributes, before the caller's. */
export function defaultAttributes(): QueueAttributes {
  return {
    DelaySeconds: '0',
    MaximumMessageSize: String(quotas.sqsMaximumMessageSizeDefault.value),
    MessageRetentionPeriod: String(quotas.sqsMessageRetentionDefault.value),
    ReceiveMessageWaitTimeSeconds: '0',
    VisibilityTimeout: String(quotas.sqsVisibilityTimeoutDefault.value),
    // Queues created since late 2022 get SSE-SQS unless told otherwise.
    SqsManagedSseEnabled: 'true',
  };
}

/**
 * Normalizes attribute values to strings. CloudFormation hands over numbers, booleans and, for
 * RedrivePolicy, a JSON object; the API carries strings.
 */
export function stringifyAttributes(attributes: unknown): QueueAttributes {
  if (attributes === undefined || attributes === null) return {};
  if (typeof attributes !== 'object' || Array.isArray(attributes)) {
    throw sqsError('InvalidParameterValue', 'Attributes must be a map.');
  }
  const out: QueueAttributes = {};
  for (const [name, value] of Object.entries(attributes as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

/**
 * Checks attributes a caller wants to set and returns them normalized (integers without
 * leading zeros, booleans lower-case). `creating` allows FifoQueue.
 */
export function checkAttributes(attributes: QueueAttributes, creating: boolean): QueueAttributes {
  const out: QueueAttributes = {};
  for (const [name, raw] of Object.entries(attributes)) {
    const rule = settableAttributes[name];
    if (!rule || rule.fifoOnly || (rule.createOnly && !creating)) throw unknownAttribute(name);
    let value = raw;
    if (rule.range) {
      const n = /^\d{1,10}$/.test(value.trim()) ? Number(value) : Number.NaN;
      if (!(n >= rule.range[0] && n <= rule.range[1])) throw invalidAttributeValue(name);
      value = String(n);
    }
    if (rule.oneOf) {
      value = value.toLowerCase();
      if (!rule.oneOf.includes(value)) throw invalidAttributeValue(name);
    }
    if (name === 'FifoQueue' && value === 'true') {
      throw sqsError(
        'UnsupportedOperation',
        'FIFO queues are not supported by this emulator. Create a standard queue.'
      );
    }
    out[name] = value;
  }
  if (out.KmsMasterKeyId && out.SqsManagedSseEnabled === 'true') {
    throw sqsError(
      'InvalidAttributeName',
      'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.'
    );
  }
  return out;
}

import { randomBytes, randomUUID } from 'node:crypto';
import { quotas } from '../../core/quotas';
import { onEveryBoundary } from '../../core/schedule';
import type { EmulatorEnv } from '../../core/service';
import {
  batchErrorEntry,
  invalidParameter,
  missingParameter,
  queueDoesNotExist,
  receiptHandleIsInvalid,
  sqsError,
  unknownAttribute,
} from './errors';
import {
  checkBodyCharacters,
  checkMessageAttributes,
  checkSystemAttributes,
  md5OfBody,
  md5OfMessageAttributes,
  messageSize,
  selectMessageAttributes,
} from './messages';
import { SqsQueue, type StoredMessage } from './queue';
import {
  checkAttributes,
  type computedAttributes,
  defaultAttributes,
  readableAttributes,
  settableAttributes,
  stringifyAttributes,
} from './queue-attributes';
import type {
  IdBatchOutput,
  QueueAttributes,
  ReceiptHandleEntry,
  ReceivedMessage,
  ReceiveMessageOutput,
  SendMessageBatchEntry,
  SendMessageBatchOutput,
  SendMessageInput,
  SendMessageOutput,
} from './types';
import { toInteger, validateBatchEntries, visibilityTimeoutField } from './validation';

/** Timings the store enforces; tests may shorten them. Defaults come from core/quotas.ts. */
export interface SqsStoreOptions {
  /** How long a deleted queue's name stays unusable (QueueDeletedRecently). */
  queueDeletedRecentlyMs: number;
  /** Minimum time between two PurgeQueue calls on one queue (PurgeQueueInProgress). */
  purgeIntervalMs: number;
}

/** What a receive asks for. Numbers must already be in range (the actions validate them). */
export interface ReceiveOptions {
  /** 1-10, default 1. */
  maxNumberOfMessages?: number;
  /** Overrides the queue's VisibilityTimeout for the messages returned. */
  visibilityTimeout?: number;
  /** Long polling, 0-20 s; default the queue's ReceiveMessageWaitTimeSeconds. */
  waitTimeSeconds?: number;
  /** Message system attributes to return (`All`, `ApproximateReceiveCount` ...). */
  attributeNames?: readonly string[];
  /** Message attributes to return (`All`, `.*`, `prefix.*`, names). */
  messageAttributeNames?: readonly string[];
}

/** Namespace of the metrics SQS publishes (aws-facts B.4). */
export const SQS_NAMESPACE = 'AWS/SQS';

const queueNamePattern = new RegExp(`^[A-Za-z0-9_-]{1,${quotas.sqsQueueNameMaxLength.value}}$`);
const arnPattern = /^arn:aws[a-z-]*:sqs:([^:]+):(\d{12}):([^:/]+)$/;
const systemAttributeNames = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
  'MessageGroupId',
] as const;

/**
 * The emulated SQS of one account and region: queues, messages and their metrics. The HTTP
 * actions are thin wrappers around these methods, and the Lambda and Pipes pollers call them
 * directly (by queue ARN or URL), so both get the same semantics, quotas and AWS/SQS metrics.
 *
 * Queues are addressed by `ref`: a QueueUrl (any host; resolved on account and name, so
 * `localhost` and `127.0.0.1` both work) or a queue ARN.
 *
 * @example
 * const { store } = createSqsService(env);
 * store.createQueue('orders', { VisibilityTimeout: '30' });
 * const arn = store.getQueue(store.queueUrl('orders')).arn;
 * store.send(arn, { MessageBody: 'hello' });
 * const { Messages = [] } = await store.receive(arn, { maxNumberOfMessages: 10, waitTimeSeconds: 20 });
 * for (const m of Messages) store.delete(arn, m.ReceiptHandle);
 */
export class SqsStore {
  private readonly queues = new Map<string, SqsQueue>();
  private readonly deletedAt = new Map<string, number>();
  private readonly options: SqsStoreOptions;

  constructor(
    private readonly env: EmulatorEnv,
    options: Partial<SqsStoreOptions> = {}
  ) {
    this.options = {
      queueDeletedRecentlyMs: quotas.sqsQueueDeletedRecentlyMs.value,
      purgeIntervalMs: quotas.sqsPurgeIntervalMs.value,
      ...options,
    };
  }

  // ---- queues --------------------------------------------------------------------------

  /** The account every queue belongs to. */
  get accountId(): string {
    return this.env.accountId;
  }

  /** The QueueUrl SQS hands out: on the emulator's own endpoint, so SDK clients come back. */
  queueUrl(queue: SqsQueue | string): string {
    const name = typeof queue === 'string' ? queue : queue.name;
    return `${this.env.endpoint()}/${this.env.accountId}/${name}`;
  }

  /**
   * Creates a queue, or returns the existing one when every given attribute matches (AWS's
   * idempotent CreateQueue). Attribute values may be numbers, booleans or (RedrivePolicy) an
   * object, as CloudFormation templates carry them.
   */
  createQueue(name: unknown, attributes?: unknown, tags?: Record<string, string>): SqsQueue {
    if (typeof name !== 'string' || name === '') throw missingParameter('QueueName');
    const requested = checkAttributes(stringifyAttributes(attributes), true);
    // A standard queue may not end in .fifo (and FIFO queues are refused by checkAttributes).
    if (!queueNamePattern.test(name)) {
      throw sqsError(
        'InvalidParameterValue',
        'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length'
      );
    }
    if ('RedrivePolicy' in requested) {
      requested.RedrivePolicy = this.normalizeRedrivePolicy(requested.RedrivePolicy as string);
    }
    const now = this.env.clock.now();
    const existing = this.queues.get(name);
    if (existing) {
      for (const [key, value] of Object.entries(requested)) {
        const current = key === 'FifoQueue' ? 'false' : (existing.attributes[key] ?? '');
        if (current !== value) {
          throw sqsError(
            'QueueNameExists',
            `A queue already exists with the same name and a different value for attribute ${key}`
          );
        }
      }
      existing.lastActivity = now;
      return existing;
    }
    const deletedAt = this.deletedAt.get(name);
    if (deletedAt !== undefined && now - deletedAt < this.options.queueDeletedRecentlyMs) {
      throw sqsError(
        'QueueDeletedRecently',
        'You must wait 60 seconds after deleting a queue before you can create another with the same name.'
      );
    }
    this.deletedAt.delete(name);
    const stored = { ...defaultAttributes(), ...this.withoutEmpty(requested) };
    delete stored.FifoQueue;
    if (requested.KmsMasterKeyId && requested.SqsManagedSseEnabled === undefined) {
      stored.SqsManagedSseEnabled = 'false';
    }
    const queue = new SqsQueue(name, this.env.accountId, this.env.region, stored, now);
    if (tags) queue.tags = { ...tags };
    this.queues.set(name, queue);
    return queue;
  }

  /** Deletes a queue; long polls on it return empty. */
  deleteQueue(ref: unknown): void {
    const queue = this.getQueue(ref);
    queue.deleted = true;
    this.queues.delete(queue.name);
    this.deletedAt.set(queue.name, this.env.clock.now());
    queue.notify();
  }

  /** The queue a QueueUrl or ARN names, or QueueDoesNotExist. */
  getQueue(ref: unknown): SqsQueue {
    const queue = this.findQueue(ref);
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  /** The queue a QueueUrl or ARN names, if it exists. */
  findQueue(ref: unknown): SqsQueue | undefined {
    if (typeof ref !== 'string') return undefined;
    let account: string | undefined;
    let name: string | undefined;
    const arn = arnPattern.exec(ref);
    if (arn) {
      if (arn[1] !== this.env.region) return undefined;
      [, , account, name] = arn;
    } else {
      let path: string;
      try {
        path = new URL(ref).pathname;
      } catch {
        return undefined;
      }
      const parts = path.split('/').filter(Boolean);
      if (parts.length !== 2) return undefined;
      [account, name] = parts.map(decodeURIComponent);
    }
    if (account !== this.env.accountId || !name) return undefined;
    return this.queues.get(name);
  }

  /** Queues whose name starts with `prefix`, by name. */
  listQueues(prefix = ''): SqsQueue[] {
    return [...this.queues.values()]
      .filter((queue) => queue.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Queues whose RedrivePolicy targets the queue `ref` names. */
  listDeadLetterSourceQueues(ref: unknown): SqsQueue[] {
    const target = this.touch(ref);
    return this.listQueues().filter(
      (queue) => queue.config.redrive?.deadLetterTargetArn === target.arn
    );
  }

  /**
   * GetQueueAttributes: the named attributes (or `All`); an empty list returns nothing, as AWS
   * does. Unknown names raise InvalidAttributeName.
   */
  getAttributes(ref: unknown, names: readonly string[] = []): QueueAttributes {
    const queue = this.touch(ref);
    for (const name of names) {
      const rule = settableAttributes[name];
      if (
        name !== 'All' &&
        (!readableAttributes.has(name) || rule?.fifoOnly || name === 'FifoQueue')
      ) {
        throw unknownAttribute(name);
      }
    }
    if (names.length === 0) return {};
    const now = this.env.clock.now();
    queue.refresh(now);
    const counts = queue.counts();
    const computed: Record<(typeof computedAttributes)[number], string> = {
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.notVisible),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      CreatedTimestamp: String(Math.floor(queue.createdTimestamp / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModifiedTimestamp / 1000)),
      QueueArn: queue.arn,
    };
    const all: QueueAttributes = { ...computed, ...queue.attributes };
    if (names.includes('All')) return all;
    const out: QueueAttributes = {};
    for (const name of names) {
      const value = all[name];
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  /** SetQueueAttributes: validates every attribute first, then applies them all. */
  setAttributes(ref: unknown, attributes: unknown): void {
    const queue = this.touch(ref);
    const requested = checkAttributes(stringifyAttributes(attributes), false);
    if ('RedrivePolicy' in requested) {
      requested.RedrivePolicy = this.normalizeRedrivePolicy(requested.RedrivePolicy as string);
    }
    if (requested.KmsMasterKeyId && requested.SqsManagedSseEnabled === undefined) {
      requested.SqsManagedSseEnabled = 'false';
    }
    for (const [name, value] of Object.entries(requested)) {
      if (value === '') delete queue.attributes[name];
      else queue.attributes[name] = value;
    }
    queue.lastModifiedTimestamp = this.env.clock.now();
    queue.reconfigure();
  }

  /** PurgeQueue: deletes every message; at most once per 60 s per queue. */
  purge(ref: unknown): void {
    const queue = this.touch(ref);
    const now = this.env.clock.now();
    if (queue.lastPurge !== undefined && now - queue.lastPurge < this.options.purgeIntervalMs) {
      throw sqsError(
        'PurgeQueueInProgress',
        `Only one PurgeQueue operation on ${queue.name} is allowed every 60 seconds.`
      );
    }
    queue.lastPurge = now;
    queue.purge(now);
  }

  /** TagQueue. */
  tagQueue(ref: unknown, tags: Record<string, string>): void {
    Object.assign(this.touch(ref).tags, tags);
  }

  /** UntagQueue. */
  untagQueue(ref: unknown, keys: readonly string[]): void {
    const queue = this.touch(ref);
    for (const key of keys) delete queue.tags[key];
  }

  /** ListQueueTags. */
  listQueueTags(ref: unknown): Record<string, string> {
    return { ...this.touch(ref).tags };
  }

  // ---- messages ------------------------------------------------------------------------

  /**
   * SendMessage: validates the message against the queue (MaximumMessageSize counting body and
   * attributes, body characters, attributes, DelaySeconds), enqueues it, and records
   * NumberOfMessagesSent and SentMessageSize.
   */
  send(ref: unknown, input: SendMessageInput): SendMessageOutput {
    const queue = this.touch(ref);
    const now = this.env.clock.now();
    const { message, delaySeconds } = this.prepareMessage(queue, input, now);
    queue.enqueue(message, delaySeconds, now);
    this.recordSent(queue, message, now);
    return sendOutput(message);
  }

  /**
   * SendMessageBatch: rejects the whole request when it is empty, has more than 10 entries,
   * malformed or repeated ids, or totals more than 1 MiB; otherwise sends each entry, reporting
   * the ones that fail (e.g. over the queue's MaximumMessageSize) in `Failed`.
   */
  sendBatch(ref: unknown, entries: unknown): SendMessageBatchOutput {
    const queue = this.touch(ref);
    validateBatchEntries(entries, 'SendMessageBatchRequestEntry');
    const batch = entries as SendMessageBatchEntry[] & { Id: string }[];
    const total = batch.reduce(
      (sum, entry) => sum + messageSize(entry.MessageBody, entry.MessageAttributes),
      0
    );
    const limit = quotas.sqsBatchMaxTotalBytes.value;
    if (total > limit) {
      throw sqsError(
        'BatchRequestTooLong',
        `Batch requests cannot be longer than ${limit} bytes. You have sent ${total} bytes.`
      );
    }
    const now = this.env.clock.now();
    const output: SendMessageBatchOutput = { Successful: [], Failed: [] };
    for (const entry of batch) {
      try {
        const { message, delaySeconds } = this.prepareMessage(queue, entry, now);
        queue.enqueue(message, delaySeconds, now);
        this.recordSent(queue, message, now);
        output.Successful.push({ Id: entry.Id, ...sendOutput(message) });
      } catch (error) {
        output.Failed.push(batchErrorEntry(entry.Id, error));
      }
    }
    return output;
  }

  /**
   * ReceiveMessage: returns up to `maxNumberOfMessages` visible messages and hides them for the
   * visibility timeout. With `waitTimeSeconds` > 0 it long-polls on the emulator clock: it
   * resolves as soon as a message is available, or empty when the wait ends. A message whose
   * receive count has reached the RedrivePolicy's maxReceiveCount is moved to the dead-letter
   * queue instead of being returned (on the receive after maxReceiveCount, as AWS does).
   * Records NumberOfMessagesReceived, or NumberOfEmptyReceives for an empty result.
   */
  async receive(ref: unknown, options: ReceiveOptions = {}): Promise<ReceiveMessageOutput> {
    const queue = this.touch(ref);
    const clock = this.env.clock;
    const max = options.maxNumberOfMessages ?? 1;
    const wait = options.waitTimeSeconds ?? queue.config.receiveWaitTimeSeconds;
    const deadline = clock.now() + wait * 1000;
    for (;;) {
      if (queue.deleted) return {};
      const now = clock.now();
      const messages = this.take(queue, max, options, now);
      if (messages.length > 0) {
        this.record(queue, 'NumberOfMessagesReceived', messages.length, 'Count', now);
        return { Messages: messages };
      }
      if (now >= deadline) {
        this.record(queue, 'NumberOfEmptyReceives', 1, 'Count', now);
        return {};
      }
      // Sleep until a message may become visible or the wait ends, waking early on a send or
      // a visibility change; the timer is cancelled then, so it never outlives the poll.
      const until = Math.min(deadline, queue.nextChangeAt() ?? deadline);
      const change = queue.waitForChange();
      const timer = new AbortController();
      await Promise.race([change.promise, clock.sleep(Math.max(until - now, 0), timer.signal)]);
      timer.abort();
      change.cancel();
    }
  }

  /**
   * DeleteMessage. A handle this queue never issued is ReceiptHandleIsInvalid. A handle of a
   * message already gone succeeds; a handle from an earlier receive of a message received again
   * since succeeds without deleting it (API_DeleteMessage: "you must provide the most recently
   * received ReceiptHandle ... otherwise, the request succeeds, but the message will not be
   * deleted"). Every success counts in NumberOfMessagesDeleted, as AWS counts duplicates.
   */
  delete(ref: unknown, receiptHandle: unknown): void {
    const queue = this.touch(ref);
    this.deleteOne(queue, receiptHandle);
    this.record(queue, 'NumberOfMessagesDeleted', 1, 'Count', this.env.clock.now());
  }

  /** DeleteMessageBatch: per-entry failures in `Failed`. */
  deleteBatch(ref: unknown, entries: unknown): IdBatchOutput {
    const queue = this.touch(ref);
    validateBatchEntries(entries, 'DeleteMessageBatchRequestEntry');
    const output: IdBatchOutput = { Successful: [], Failed: [] };
    for (const entry of entries as (ReceiptHandleEntry & { Id: string })[]) {
      try {
        this.deleteOne(queue, entry.ReceiptHandle);
        output.Successful.push({ Id: entry.Id });
      } catch (error) {
        output.Failed.push(batchErrorEntry(entry.Id, error));
      }
    }
    if (output.Successful.length > 0) {
      const now = this.env.clock.now();
      this.record(queue, 'NumberOfMessagesDeleted', output.Successful.length, 'Count', now);
    }
    return output;
  }

  /**
   * ChangeMessageVisibility: makes the message invisible for `timeoutSeconds` from now (0 makes
   * it visible at once). The total since the receive may not exceed 12 hours.
   */
  changeVisibility(ref: unknown, receiptHandle: unknown, timeoutSeconds: number): void {
    const queue = this.touch(ref);
    this.changeVisibilityOne(queue, receiptHandle, timeoutSeconds);
  }

  /** ChangeMessageVisibilityBatch: per-entry failures in `Failed`. */
  changeVisibilityBatch(ref: unknown, entries: unknown): IdBatchOutput {
    const queue = this.touch(ref);
    validateBatchEntries(entries, 'ChangeMessageVisibilityBatchRequestEntry');
    const output: IdBatchOutput = { Successful: [], Failed: [] };
    for (const entry of entries as (ReceiptHandleEntry & { Id: string })[]) {
      try {
        const timeout = toInteger(entry.VisibilityTimeout);
        if (entry.VisibilityTimeout === undefined) throw missingParameter('VisibilityTimeout');
        if (timeout === undefined || timeout < 0 || timeout > visibilityTimeoutField.max) {
          throw invalidParameter(
            'VisibilityTimeout',
            entry.VisibilityTimeout,
            visibilityTimeoutField.reason
          );
        }
        this.changeVisibilityOne(queue, entry.ReceiptHandle, timeout);
        output.Successful.push({ Id: entry.Id });
      } catch (error) {
        output.Failed.push(batchErrorEntry(entry.Id, error));
      }
    }
    return output;
  }

  // ---- metrics -------------------------------------------------------------------------

  /**
   * Publishes the per-minute AWS/SQS gauges for every active queue (one that saw API activity in
   * the last 6 hours or holds messages): ApproximateNumberOfMessagesVisible, -NotVisible,
   * -Delayed (Count) and ApproximateAgeOfOldestMessage (Seconds). It also publishes 0 for the
   * event counters (NumberOfMessagesSent, -Received, -Deleted, NumberOfEmptyReceives), since an
   * active queue reports zeros every minute on AWS rather than no data.
   *
   * Not called from requests: the composition calls it once per emulated minute
   * (`quotas.sqsMetricsPeriodMs`), most simply through `startGaugeSampler()`.
   */
  sampleGauges(now = this.env.clock.now()): void {
    for (const queue of this.queues.values()) {
      queue.refresh(now);
      const active =
        queue.size > 0 || now - queue.lastActivity < quotas.sqsMetricsActiveWindowMs.value;
      if (!active) continue;
      const counts = queue.counts();
      this.record(queue, 'ApproximateNumberOfMessagesVisible', counts.visible, 'Count', now);
      this.record(queue, 'ApproximateNumberOfMessagesNotVisible', counts.notVisible, 'Count', now);
      this.record(queue, 'ApproximateNumberOfMessagesDelayed', counts.delayed, 'Count', now);
      const age = queue.oldestMessageAgeSeconds(now);
      this.record(queue, 'ApproximateAgeOfOldestMessage', age, 'Seconds', now);
      for (const counter of [
        'NumberOfMessagesSent',
        'NumberOfMessagesReceived',
        'NumberOfEmptyReceives',
        'NumberOfMessagesDeleted',
      ]) {
        this.record(queue, counter, 0, 'Count', now);
      }
    }
  }

  /**
   * Calls `sampleGauges` at every emulated minute boundary until the returned function is
   * called: the timer the composition needs, on whatever clock the store runs (real, scaled
   * or manual).
   */
  startGaugeSampler(periodMs: number = quotas.sqsMetricsPeriodMs.value): () => void {
    return onEveryBoundary(this.env.clock, periodMs, (now) => this.sampleGauges(now));
  }

  // ---- internals -----------------------------------------------------------------------

  /** Resolves `ref` and marks the queue active. */
  private touch(ref: unknown): SqsQueue {
    const queue = this.getQueue(ref);
    queue.lastActivity = this.env.clock.now();
    return queue;
  }

  private prepareMessage(
    queue: SqsQueue,
    input: SendMessageInput,
    now: number
  ): { message: StoredMessage; delaySeconds: number } {
    const body = input.MessageBody;
    if (body === undefined || body === null || body === '') throw missingParameter('MessageBody');
    if (typeof body !== 'string') throw invalidParameter('MessageBody', body, 'Must be a string.');
    let delaySeconds = queue.config.delaySeconds;
    if (input.DelaySeconds !== undefined && input.DelaySeconds !== null) {
      const delay = toInteger(input.DelaySeconds);
      if (delay === undefined || delay < 0 || delay > quotas.sqsDelaySecondsMax.value) {
        throw invalidParameter(
          'DelaySeconds',
          input.DelaySeconds,
          `DelaySeconds must be >= 0 and <= ${quotas.sqsDelaySecondsMax.value}.`
        );
      }
      delaySeconds = delay;
    }
    if (input.MessageDeduplicationId !== undefined && input.MessageDeduplicationId !== null) {
      throw invalidParameter(
        'MessageDeduplicationId',
        input.MessageDeduplicationId,
        'The request include parameter that is not valid for this queue type.'
      );
    }
    const groupId = input.MessageGroupId;
    if (groupId !== undefined && groupId !== null) {
      // Standard queues take a MessageGroupId since fair queues (2025); it is only returned.
      if (typeof groupId !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(groupId)) {
        throw invalidParameter(
          'MessageGroupId',
          groupId,
          'MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.'
        );
      }
    }
    const messageAttributes = checkMessageAttributes(input.MessageAttributes);
    const systemAttributes = checkSystemAttributes(input.MessageSystemAttributes);
    const size = messageSize(body, messageAttributes);
    const limit = queue.config.maximumMessageSize;
    if (size > limit) {
      throw sqsError(
        'InvalidParameterValue',
        `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`
      );
    }
    checkBodyCharacters(body);
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: md5OfBody(body),
      messageAttributes,
      md5OfMessageAttributes: md5OfMessageAttributes(messageAttributes),
      systemAttributes,
      md5OfMessageSystemAttributes: md5OfMessageAttributes(systemAttributes),
      messageGroupId: groupId ?? undefined,
      senderId: this.env.accountId,
      sentTimestamp: now,
      size,
      receiveCount: 0,
      receiptSeq: 0,
      state: 'visible',
      visibleAt: now,
      version: 0,
    };
    return { message, delaySeconds };
  }

  private take(
    queue: SqsQueue,
    max: number,
    options: ReceiveOptions,
    now: number
  ): ReceivedMessage[] {
    queue.refresh(now);
    const visibilityMs =
      (options.visibilityTimeout ?? queue.config.visibilityTimeoutSeconds) * 1000;
    const redrive = queue.config.redrive;
    const out: ReceivedMessage[] = [];
    for (const message of queue.visibleMessages()) {
      if (out.length >= max) break;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        const deadLetterQueue = this.findQueue(redrive.deadLetterTargetArn);
        if (deadLetterQueue) {
          this.moveToDeadLetterQueue(queue, message, deadLetterQueue, now);
          continue;
        }
      }
      message.receiveCount++;
      message.firstReceiveTimestamp ??= now;
      message.lastReceiveTimestamp = now;
      message.receiptSeq++;
      queue.hide(message, now + visibilityMs);
      out.push(this.render(queue, message, options));
    }
    return out;
  }

  /**
   * Moves a message to the dead-letter queue: same MessageId, body, attributes and enqueue time
   * (retention counts from it, as on AWS), a fresh receive count, and the source queue's ARN in
   * DeadLetterQueueSourceArn. Not counted in the DLQ's NumberOfMessagesSent (aws-facts B.4).
   */
  private moveToDeadLetterQueue(
    source: SqsQueue,
    message: StoredMessage,
    target: SqsQueue,
    now: number
  ): void {
    source.remove(message);
    const moved: StoredMessage = {
      ...message,
      receiveCount: 0,
      firstReceiveTimestamp: undefined,
      lastReceiveTimestamp: undefined,
      receiptSeq: 0,
      deadLetterQueueSourceArn: source.arn,
      version: 0,
    };
    target.enqueue(moved, 0, now);
    target.lastActivity = now;
  }

  private render(
    queue: SqsQueue,
    message: StoredMessage,
    options: ReceiveOptions
  ): ReceivedMessage {
    const out: ReceivedMessage = {
      MessageId: message.messageId,
      ReceiptHandle: encodeReceiptHandle(queue.arn, message),
      MD5OfBody: message.md5OfBody,
      Body: message.body,
    };
    const names = options.attributeNames ?? [];
    if (names.length > 0) {
      const available: Record<string, string | undefined> = {
        SenderId: message.senderId,
        SentTimestamp: String(message.sentTimestamp),
        ApproximateReceiveCount: String(message.receiveCount),
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp),
        AWSTraceHeader: message.systemAttributes?.AWSTraceHeader?.StringValue,
        DeadLetterQueueSourceArn: message.deadLetterQueueSourceArn,
        MessageGroupId: message.messageGroupId,
      };
      const all = names.includes('All');
      const attributes: Record<string, string> = {};
      for (const name of systemAttributeNames) {
        const value = available[name];
        if (value !== undefined && (all || names.includes(name))) attributes[name] = value;
      }
      if (Object.keys(attributes).length > 0) out.Attributes = attributes;
    }
    const selected = selectMessageAttributes(
      message.messageAttributes,
      options.messageAttributeNames
    );
    if (selected) {
      out.MessageAttributes = selected;
      out.MD5OfMessageAttributes = md5OfMessageAttributes(selected);
    }
    return out;
  }

  private deleteOne(queue: SqsQueue, receiptHandle: unknown): void {
    if (receiptHandle === undefined || receiptHandle === null || receiptHandle === '') {
      throw missingParameter('ReceiptHandle');
    }
    const handle = decodeReceiptHandle(receiptHandle);
    if (!handle || handle.queueArn !== queue.arn) throw receiptHandleIsInvalid(receiptHandle);
    const message = queue.get(handle.messageId);
    if (message && message.receiptSeq === handle.seq) queue.remove(message);
  }

  private changeVisibilityOne(queue: SqsQueue, receiptHandle: unknown, timeout: number): void {
    if (receiptHandle === undefined || receiptHandle === null || receiptHandle === '') {
      throw missingParameter('ReceiptHandle');
    }
    const handle = decodeReceiptHandle(receiptHandle);
    if (!handle || handle.queueArn !== queue.arn) throw receiptHandleIsInvalid(receiptHandle);
    const now = this.env.clock.now();
    queue.refresh(now);
    const message = queue.get(handle.messageId);
    if (!message) {
      throw invalidParameter(
        'ReceiptHandle',
        receiptHandle,
        'Message does not exist or is not available for visibility timeout change.'
      );
    }
    if (message.receiptSeq !== handle.seq) {
      throw invalidParameter('ReceiptHandle', receiptHandle, 'The receipt handle has expired.');
    }
    const max = quotas.sqsVisibilityTimeoutMax.value;
    const elapsed = (now - (message.lastReceiveTimestamp ?? now)) / 1000;
    if (elapsed + timeout > max) {
      throw invalidParameter(
        'VisibilityTimeout',
        timeout,
        `Total VisibilityTimeout for the message is beyond the limit [${max} seconds]`
      );
    }
    queue.hide(message, now + timeout * 1000);
    if (timeout === 0) queue.notify();
  }

  private normalizeRedrivePolicy(raw: string): string {
    if (raw === '') return '';
    let policy: unknown;
    try {
      policy = JSON.parse(raw);
    } catch {
      policy = undefined;
    }
    if (!policy || typeof policy !== 'object' || Array.isArray(policy)) {
      throw invalidParameter('RedrivePolicy', raw, 'Redrive policy is not a valid JSON map.');
    }
    const { deadLetterTargetArn, maxReceiveCount } = policy as Record<string, unknown>;
    if (typeof deadLetterTargetArn !== 'string' || !arnPattern.test(deadLetterTargetArn)) {
      throw invalidParameter('RedrivePolicy', raw, 'Invalid value for deadLetterTargetArn.');
    }
    const count = toInteger(maxReceiveCount);
    const maxCount = quotas.sqsMaxReceiveCountMax.value;
    if (count === undefined || count < 1 || count > maxCount) {
      throw invalidParameter(
        'RedrivePolicy',
        raw,
        `Invalid value for maxReceiveCount: ${String(maxReceiveCount)}, valid values are from 1 to ${maxCount} both inclusive.`
      );
    }
    if (!this.findQueue(deadLetterTargetArn)) {
      throw invalidParameter('RedrivePolicy', raw, 'Dead letter target does not exist.');
    }
    return JSON.stringify({ deadLetterTargetArn, maxReceiveCount: count });
  }

  private withoutEmpty(attributes: QueueAttributes): QueueAttributes {
    return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== ''));
  }

  private recordSent(queue: SqsQueue, message: StoredMessage, now: number): void {
    this.record(queue, 'NumberOfMessagesSent', 1, 'Count', now);
    this.record(queue, 'SentMessageSize', message.size, 'Bytes', now);
  }

  private record(queue: SqsQueue, metricName: string, value: number, unit: string, now: number) {
    this.env.metrics.record({
      namespace: SQS_NAMESPACE,
      metricName,
      dimensions: { QueueName: queue.name },
      value,
      unit,
      timestamp: now,
    });
  }
}

function sendOutput(message: StoredMessage): SendMessageOutput {
  const out: SendMessageOutput = {
    MessageId: message.messageId,
    MD5OfMessageBody: message.md5OfBody,
  };
  if (message.md5OfMessageAttributes) out.MD5OfMessageAttributes = message.md5OfMessageAttributes;
  if (message.md5OfMessageSystemAttributes) {
    out.MD5OfMessageSystemAttributes = message.md5OfMessageSystemAttributes;
  }
  return out;
}

/**
 * A receipt handle: base64 of the queue ARN, the message id, the receive sequence number and a
 * nonce. Opaque to clients, and enough to tell a current handle from a stale or foreign one.
 */
function encodeReceiptHandle(queueArn: string, message: StoredMessage): string {
  const nonce = randomBytes(6).toString('hex');
  return Buffer.from(`${queueArn}\n${message.messageId}\n${message.receiptSeq}\n${nonce}`).toString(
    'base64'
  );
}

function decodeReceiptHandle(
  handle: unknown
): { queueArn: string; messageId: string; seq: number } | undefined {
  if (typeof handle !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(handle)) return undefined;
  const parts = Buffer.from(handle, 'base64').toString('utf8').split('\n');
  if (parts.length !== 4) return undefined;
  const [queueArn, messageId, seq] = parts as [string, string, string, string];
  if (!arnPattern.test(queueArn) || !/^\d+$/.test(seq)) return undefined;
  return { queueArn, messageId, seq: Number(seq) };
}

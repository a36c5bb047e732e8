import type { EventSourceMapping } from '../core/integrations';
import { quotas } from '../core/quotas';
import type { SqsStore } from '../services/sqs/store';
import type { MessageAttributeMap, ReceivedMessage } from '../services/sqs/types';
import { parseBatchResponse } from './batch-response';
import {
  type EsmPollerDeps,
  esmMetric,
  functionNameOf,
  invokeFunction,
  notInvokedResult,
} from './esm-common';

/** Long-poll wait of each receive (SQS's maximum). */
const WAIT_TIME_SECONDS = 20;
/** SQS returns at most 10 messages per receive. */
const RECEIVE_MAX = 10;

/**
 * An SQS event source mapping (aws-facts D.3). Each worker long-polls the queue through the
 * SQS store, so visibility timeouts, receive counts and redrive to the dead-letter queue follow
 * the queue's own rules; invokes the function with the C.2 event; deletes the batch on success,
 * only the successes with ReportBatchItemFailures, and nothing on a function error (timeouts
 * included): those messages come back after the visibility timeout.
 *
 * Scaling (simplified): it starts min(5, cap) workers ("five batches at a time"); each full
 * batch adds one worker, at most one per 200 ms of emulated time (300 per minute), up to the cap
 * = min(ScalingConfig.MaximumConcurrency, the function's reserved concurrency, 1,000); an extra
 * worker whose long poll comes back empty stops.
 */
export class SqsEsmPoller {
  private controller?: AbortController;
  private readonly workers = new Set<Promise<void>>();
  /** Batches being invoked and settled now (stop waits for these, not for long polls). */
  private readonly handling = new Set<Promise<void>>();
  private lastScaleUp = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly mapping: () => EventSourceMapping,
    private readonly sqs: SqsStore,
    private readonly deps: EsmPollerDeps
  ) {}

  get started(): boolean {
    return this.controller !== undefined;
  }

  /** How many workers poll now. */
  get concurrency(): number {
    return this.workers.size;
  }

  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    for (let i = 0; i < this.base(); i++) this.spawn(controller.signal, true);
  }

  /**
   * Stops every worker: an invocation in flight finishes and its messages are settled; a long
   * poll still waiting is not awaited (it cannot be interrupted): whatever it receives after the
   * stop is made visible again at once.
   */
  async stop(): Promise<void> {
    const controller = this.controller;
    if (!controller) return;
    controller.abort();
    await Promise.allSettled([...this.handling]);
    this.controller = undefined;
  }

  /** The most concurrent batches: MaximumConcurrency, reserved concurrency, 1,000. */
  private cap(): number {
    const mapping = this.mapping();
    let cap = mapping.ScalingConfig?.MaximumConcurrency ?? quotas.sqsEsmMaxConcurrency.value;
    try {
      const reserved = this.deps.runtime.getFunction(
        functionNameOf(mapping)
      ).reservedConcurrentExecutions;
      if (reserved !== undefined) cap = Math.min(cap, reserved);
    } catch {
      // the function is gone: the worker reports it when it invokes
    }
    return Math.max(1, Math.min(cap, quotas.sqsEsmMaxConcurrency.value));
  }

  private base(): number {
    return Math.min(quotas.sqsEsmInitialConcurrency.value, this.cap());
  }

  private spawn(signal: AbortSignal, core: boolean): void {
    const worker: Promise<void> = this.work(signal, core).finally(() =>
      this.workers.delete(worker)
    );
    this.workers.add(worker);
  }

  private maybeScaleUp(signal: AbortSignal): void {
    const now = this.deps.clock.now();
    const interval = 60_000 / quotas.sqsEsmScaleUpPerMinute.value;
    if (this.workers.size >= this.cap() || now - this.lastScaleUp < interval) return;
    this.lastScaleUp = now;
    this.spawn(signal, false);
  }

  private async work(signal: AbortSignal, core: boolean): Promise<void> {
    const queueArn = this.mapping().EventSourceArn;
    while (!signal.aborted) {
      const mapping = this.mapping();
      const batchSize = mapping.BatchSize ?? 10;
      let messages: ReceivedMessage[];
      try {
        messages = await this.receiveBatch(queueArn, mapping, signal);
      } catch (error) {
        this.deps.report(
          mapping.UUID,
          `PROBLEM: ${error instanceof Error ? error.message : String(error)}`
        );
        await this.deps.clock.sleep(quotas.esmSqsErrorBackoffMs.value, signal);
        continue;
      }
      esmMetric(this.deps, mapping, 'PolledEventCount', messages.length);
      if (signal.aborted) {
        this.release(queueArn, messages);
        return;
      }
      if (messages.length === 0) {
        if (!core) return;
        continue;
      }
      if (messages.length >= Math.min(batchSize, RECEIVE_MAX)) this.maybeScaleUp(signal);
      const handling = this.handle(queueArn, mapping, messages, signal);
      this.handling.add(handling);
      try {
        await handling;
      } finally {
        this.handling.delete(handling);
      }
    }
  }

  /**
   * One batch: a long poll, then (with a batching window or BatchSize over 10) more receives
   * until the batch is full, the window has passed, or the payload would pass 6 MB.
   */
  private async receiveBatch(
    queueArn: string,
    mapping: EventSourceMapping,
    signal: AbortSignal
  ): Promise<ReceivedMessage[]> {
    const batchSize = mapping.BatchSize ?? 10;
    const windowMs = (mapping.MaximumBatchingWindowInSeconds ?? 0) * 1000;
    const receive = (max: number, wait: number) =>
      this.sqs.receive(queueArn, {
        maxNumberOfMessages: Math.min(RECEIVE_MAX, max),
        waitTimeSeconds: wait,
        attributeNames: ['All'],
        messageAttributeNames: ['All'],
      });
    const messages = (await receive(batchSize, WAIT_TIME_SECONDS)).Messages ?? [];
    if (messages.length === 0 || windowMs === 0) return messages;
    const deadline = this.deps.clock.now() + windowMs;
    while (messages.length < batchSize && !signal.aborted) {
      const left = deadline - this.deps.clock.now();
      if (left <= 0) break;
      const wait = Math.min(WAIT_TIME_SECONDS, Math.ceil(left / 1000));
      messages.push(...((await receive(batchSize - messages.length, wait)).Messages ?? []));
    }
    const limit = quotas.lambdaSyncPayloadBytes.value;
    let bytes = 0;
    const kept = messages.findIndex((m) => {
      bytes += Buffer.byteLength(m.Body, 'utf8') + 1024;
      return bytes > limit;
    });
    if (kept > 0) this.release(queueArn, messages.splice(kept));
    return messages;
  }

  private async handle(
    queueArn: string,
    mapping: EventSourceMapping,
    messages: ReceivedMessage[],
    signal: AbortSignal
  ): Promise<void> {
    const functionName = functionNameOf(mapping);
    const event = { Records: messages.map((m) => sqsRecord(m, queueArn, this.deps.region)) };
    const invoked = await invokeFunction(this.deps, functionName, event);
    if (invoked.kind === 'notInvoked') {
      // Not invoked (throttled ...): the messages come back after their visibility timeout.
      this.deps.report(mapping.UUID, notInvokedResult(invoked.error));
      await this.deps.clock.sleep(quotas.esmSqsErrorBackoffMs.value, signal);
      return;
    }
    esmMetric(this.deps, mapping, 'InvokedEventCount', messages.length);
    const { result } = invoked;
    if (result.functionError) {
      esmMetric(this.deps, mapping, 'FailedInvokeEventCount', messages.length);
      this.deps.report(mapping.UUID, 'PROBLEM: Function call failed');
      return;
    }
    let done = messages;
    if (mapping.FunctionResponseTypes?.includes('ReportBatchItemFailures')) {
      const response = parseBatchResponse(
        result.payload,
        new Set(messages.map((m) => m.MessageId))
      );
      if (response.kind === 'invalid') {
        esmMetric(this.deps, mapping, 'FailedInvokeEventCount', messages.length);
        this.deps.report(mapping.UUID, 'PROBLEM: Function call failed');
        return;
      }
      if (response.kind === 'partial') {
        const failed = new Set(response.failedIds);
        esmMetric(this.deps, mapping, 'FailedInvokeEventCount', failed.size);
        done = messages.filter((m) => !failed.has(m.MessageId));
      }
    }
    this.deps.report(
      mapping.UUID,
      done.length === messages.length ? 'OK' : 'PROBLEM: Function call failed'
    );
    this.deleteAll(queueArn, mapping, done);
  }

  private deleteAll(
    queueArn: string,
    mapping: EventSourceMapping,
    messages: ReceivedMessage[]
  ): void {
    let deleted = 0;
    for (let i = 0; i < messages.length; i += RECEIVE_MAX) {
      const chunk = messages.slice(i, i + RECEIVE_MAX);
      try {
        const out = this.sqs.deleteBatch(
          queueArn,
          chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle }))
        );
        deleted += out.Successful.length;
      } catch {
        // the queue is gone: nothing to delete
      }
    }
    if (deleted > 0) esmMetric(this.deps, mapping, 'DeletedEventCount', deleted);
  }

  /** Makes messages the poller will not process visible again at once. */
  private release(queueArn: string, messages: ReceivedMessage[]): void {
    for (const message of messages) {
      try {
        this.sqs.changeVisibility(queueArn, message.ReceiptHandle, 0);
      } catch {
        // gone already
      }
    }
  }
}

/** One message as the function receives it (aws-facts C.2). */
export function sqsRecord(
  message: ReceivedMessage,
  queueArn: string,
  region: string
): Record<string, unknown> {
  const attributes = message.MessageAttributes ?? {};
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body,
    attributes: { ...(message.Attributes ?? {}) },
    messageAttributes: lambdaMessageAttributes(attributes),
    ...(message.MD5OfMessageAttributes
      ? { md5OfMessageAttributes: message.MD5OfMessageAttributes }
      : {}),
    md5OfBody: message.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** SQS API message attributes (PascalCase) as Lambda events carry them (camelCase). */
function lambdaMessageAttributes(attributes: MessageAttributeMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    out[name] = {
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { binaryValue: value.BinaryValue } : {}),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: value.BinaryListValues ?? [],
      dataType: value.DataType,
    };
  }
  return out;
}

/** An SQS mapping's poller. */
export function createSqsEsmPoller(
  mapping: () => EventSourceMapping,
  sqs: SqsStore,
  deps: EsmPollerDeps
): SqsEsmPoller {
  return new SqsEsmPoller(mapping, sqs, deps);
}

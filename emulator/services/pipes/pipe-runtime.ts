import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../../core/clock';
import { AwsError } from '../../core/errors';
import type { Pipe } from '../../core/integrations';
import type { LogSink } from '../../core/log-sink';
import type { MetricSink } from '../../core/metric-sink';
import { quotas } from '../../core/quotas';
import { sqsRecord } from '../../pollers/esm-sqs';
import { STREAM_ESM_TIMING, startingPositionOf } from '../../pollers/esm-stream';
import {
  type BatchHandler,
  type BatchOutcome,
  type DiscardInfo,
  StreamPoller,
  type StreamPollerSettings,
} from '../../pollers/stream-poller';
import {
  type DynamoDbStreamsReader,
  dynamoDbStreamSource,
  kinesisStreamSource,
  type SourceRecord,
  type StreamSource,
} from '../../pollers/stream-source';
import type { KinesisStore } from '../kinesis/store';
import type { SqsStore } from '../sqs/store';
import type { ReceivedMessage } from '../sqs/types';
import { InputTemplateError, renderInputTemplate } from './input-template';
import { type PipeLogData, PipeLogger, type PipeLogLevel } from './pipe-logger';

/** The stores a pipe reads from and writes to. */
export interface PipeSources {
  kinesis?: KinesisStore;
  sqs?: SqsStore;
  dynamodbStreams?: DynamoDbStreamsReader;
}

/** What a running pipe needs from the emulator. */
export interface PipeDeps {
  clock: EmulatorClock;
  metrics: MetricSink;
  logs: LogSink;
  region: string;
  accountId: string;
  sources: PipeSources;
  /** Pipe executions running now, across the account (the Concurrency metric). */
  concurrency: { active: number };
}

/** Where a pipe's source is. */
export type PipeSourceKind = 'kinesis' | 'dynamodb' | 'sqs';

/** The kind of a source ARN, if the emulator can poll it. */
export function pipeSourceKind(arn: string): PipeSourceKind | undefined {
  const service = arn.split(':')[2];
  if (service === 'kinesis') return 'kinesis';
  if (service === 'sqs') return 'sqs';
  if (service === 'dynamodb' && arn.includes('/stream/')) return 'dynamodb';
  return undefined;
}

/** One event of an execution: its id (sequence number / message id) and when it arrived. */
interface ExecutionItem {
  id: string;
  event: Record<string, unknown>;
  arrivalMs: number;
}

interface ExecutionResult {
  kind: 'success' | 'failed' | 'partial';
  failedIds: Set<string>;
}

type Params = Record<string, unknown>;

function sourceParams(pipe: Pipe): Params {
  const p = (pipe.SourceParameters ?? {}) as Record<string, Params | undefined>;
  return p.DynamoDBStreamParameters ?? p.KinesisStreamParameters ?? p.SqsQueueParameters ?? {};
}

/** A stream pipe's poller settings (PipeSourceDynamoDBStreamParameters / KinesisStreamParameters). */
export function pipeStreamSettings(pipe: Pipe): StreamPollerSettings {
  const p = sourceParams(pipe);
  const age = p.MaximumRecordAgeInSeconds as number | undefined;
  return {
    batchSize: (p.BatchSize as number | undefined) ?? quotas.pipesSqsTargetBatchMax.value,
    maximumBatchingWindowMs: ((p.MaximumBatchingWindowInSeconds as number | undefined) ?? 0) * 1000,
    startingPosition: startingPositionOf(
      (p.StartingPosition as 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP' | undefined) ?? 'LATEST',
      p.StartingPositionTimestamp as number | undefined
    ),
    maximumRetryAttempts: (p.MaximumRetryAttempts as number | undefined) ?? -1,
    maximumRecordAgeMs: age === undefined || age < 0 ? -1 : age * 1000,
    bisectOnError: p.OnPartialBatchItemFailure === 'AUTOMATIC_BISECT',
    maxBatchBytes: quotas.lambdaSyncPayloadBytes.value,
  };
}

/**
 * One pipe execution: the target stage of a batch of events. Renders the InputTemplate for
 * each event, sends them to the SQS target with SendMessageBatch semantics (chunks of 10,
 * through the SQS store: the queue's MaximumMessageSize and the 1 MiB batch total are SQS's own
 * checks), records AWS/EventBridge/Pipes metrics and writes the pipe's log records.
 */
export class PipeExecutor {
  private readonly logger: PipeLogger;

  constructor(
    private readonly pipe: () => Pipe,
    private readonly deps: PipeDeps
  ) {
    this.logger = new PipeLogger(deps.logs, deps.clock);
  }

  async execute(items: ExecutionItem[]): Promise<ExecutionResult> {
    const pipe = this.pipe();
    const executionId = randomUUID();
    const started = this.deps.clock.now();
    const log = (level: PipeLogLevel, step: string, data?: PipeLogData) =>
      this.logger.log(pipe, executionId, level, step, data);
    const payload = JSON.stringify(items.map((i) => i.event));
    this.deps.concurrency.active++;
    this.metric(pipe, 'Invocations', 1, 'None', true);
    this.metric(pipe, 'EventCount', items.length, 'None');
    this.metric(pipe, 'EventSize', Buffer.byteLength(payload, 'utf8'), 'Bytes');
    this.metric(pipe, 'Concurrency', this.deps.concurrency.active, 'None', true, false);
    let result: ExecutionResult;
    try {
      log('INFO', 'ExecutionStarted', { payload });
      log('TRACE', 'PollingStageSucceeded', { payload });
      log('INFO', 'TargetStageEntered');
      result = this.targetStage(pipe, items, executionId, log);
    } finally {
      this.deps.concurrency.active--;
    }
    const failed = result.kind === 'failed' ? 1 : 0;
    const partial = result.kind === 'partial' ? 1 : 0;
    const duration = this.deps.clock.now() - started;
    this.metric(pipe, 'TargetStageFailed', failed, 'None');
    this.metric(pipe, 'TargetStagePartiallyFailed', partial, 'None');
    this.metric(pipe, 'ExecutionFailed', failed, 'None');
    this.metric(pipe, 'ExecutionPartiallyFailed', partial, 'None');
    this.metric(pipe, 'ExecutionTimeout', 0, 'None');
    this.metric(pipe, 'ExecutionThrottled', 0, 'None', true);
    this.metric(pipe, 'TargetStageDuration', duration, 'Milliseconds');
    this.metric(pipe, 'Duration', duration, 'Milliseconds');
    return result;
  }

  private targetStage(
    pipe: Pipe,
    items: ExecutionItem[],
    executionId: string,
    log: (level: PipeLogLevel, step: string, data?: PipeLogData) => void
  ): ExecutionResult {
    const all = new Set(items.map((i) => i.id));
    const fail = (error: NonNullable<PipeLogData['error']>, data: PipeLogData = {}) => {
      log('ERROR', 'TargetStageFailed', { ...data, error });
      log('ERROR', 'ExecutionFailed', { error });
    };
    // Transformation.
    const template = (pipe.TargetParameters as { InputTemplate?: string } | undefined)
      ?.InputTemplate;
    let bodies: string[];
    try {
      bodies = items.map((item) =>
        template === undefined
          ? JSON.stringify(item.event)
          : renderInputTemplate(template, item.event, {
              pipeArn: pipe.Arn,
              pipeName: pipe.Name,
              sourceArn: pipe.Source,
              targetArn: pipe.Target,
              ...(pipe.Enrichment ? { enrichmentArn: pipe.Enrichment } : {}),
              ingestionTime: new Date(item.arrivalMs).toISOString(),
            })
      );
    } catch (error) {
      if (!(error instanceof InputTemplateError)) throw error;
      const detail = {
        httpStatusCode: 400,
        message: error.message,
        awsService: 'pipes',
        requestId: executionId,
      };
      log('ERROR', 'TargetTransformationFailed', { error: detail });
      fail(detail);
      return { kind: 'failed', failedIds: all };
    }
    log('TRACE', 'TargetTransformationSucceeded', { payload: JSON.stringify(bodies) });

    // Invocation: SendMessageBatch, at most 10 entries per call.
    const sqs = this.deps.sources.sqs;
    const group = (pipe.TargetParameters as { SqsQueueParameters?: Params } | undefined)
      ?.SqsQueueParameters;
    const entries = bodies.map((body, i) => ({
      Id: String(i),
      MessageBody: body,
      ...(group?.MessageGroupId ? { MessageGroupId: group.MessageGroupId as string } : {}),
      ...(group?.MessageDeduplicationId
        ? { MessageDeduplicationId: group.MessageDeduplicationId as string }
        : {}),
    }));
    const request = { QueueUrl: pipe.Target, Entries: entries };
    log('TRACE', 'TargetInvocationStarted', { awsRequest: request });
    const errors = new Map<number, NonNullable<PipeLogData['error']>>();
    const responses: unknown[] = [];
    const max = quotas.pipesSqsTargetBatchMax.value;
    for (let start = 0; start < entries.length; start += max) {
      const chunk = entries.slice(start, start + max);
      const requestId = randomUUID();
      try {
        if (!sqs)
          throw new AwsError('InternalException', 'SQS is not available in this emulator', 500);
        const out = sqs.sendBatch(pipe.Target, chunk);
        responses.push(out);
        for (const failure of out.Failed) {
          errors.set(Number(failure.Id), {
            httpStatusCode: failure.SenderFault ? 400 : 500,
            message: failure.Message,
            details: failure.Code,
            awsService: 'sqs',
            requestId,
          });
        }
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        responses.push({ __type: error.queryCode ?? error.code, message: error.message });
        for (const entry of chunk) {
          errors.set(Number(entry.Id), {
            httpStatusCode: error.status,
            message: error.message,
            details: error.queryCode ?? error.code,
            awsService: 'sqs',
            requestId,
          });
        }
      }
    }
    const awsResponse = responses.length === 1 ? responses[0] : responses;
    if (errors.size === 0) {
      log('TRACE', 'TargetInvocationSucceeded', { awsResponse });
      log('INFO', 'TargetStageSucceeded');
      log('INFO', 'ExecutionSucceeded');
      return { kind: 'success', failedIds: new Set() };
    }
    const first = errors.values().next().value as NonNullable<PipeLogData['error']>;
    const failedIds = new Set([...errors.keys()].map((i) => (items[i] as ExecutionItem).id));
    if (failedIds.size === items.length) {
      log('ERROR', 'TargetInvocationFailed', { awsRequest: request, awsResponse, error: first });
      fail(first);
      return { kind: 'failed', failedIds };
    }
    log('ERROR', 'TargetInvocationPartiallyFailed', {
      awsRequest: request,
      awsResponse,
      error: first,
    });
    log('ERROR', 'TargetStagePartiallyFailed', { error: first });
    log('ERROR', 'ExecutionPartiallyFailed', { error: first });
    return { kind: 'partial', failedIds };
  }

  /**
   * One AWS/EventBridge/Pipes data point with dimension PipeName (aws-facts B.5); `account`
   * also records it with AwsAccountId (Invocations, ExecutionThrottled, Concurrency list both).
   */
  private metric(
    pipe: Pipe,
    metricName: string,
    value: number,
    unit: string,
    account = false,
    byPipe = true
  ): void {
    const timestamp = this.deps.clock.now();
    const record = (dimensions: Record<string, string>) =>
      this.deps.metrics.record({
        namespace: 'AWS/EventBridge/Pipes',
        metricName,
        dimensions,
        value,
        unit,
        timestamp,
      });
    if (byPipe) record({ PipeName: pipe.Name });
    if (account) record({ AwsAccountId: this.deps.accountId });
  }
}

/**
 * A stream pipe's consumer side: each batch is one execution; a failed target stage is retried
 * (MaximumRetryAttempts, MaximumRecordAgeInSeconds, AUTOMATIC_BISECT), a partly failed one is
 * retried for the events that failed only; a batch that is given up goes to the
 * DeadLetterConfig queue (if any) as a batch description, else it is dropped.
 */
class PipeStreamHandler implements BatchHandler {
  /** Per shard: events of the in-flight batch already delivered by a partial execution. */
  private readonly delivered = new Map<string, Set<string>>();

  constructor(
    private readonly pipe: () => Pipe,
    private readonly source: StreamSource,
    private readonly executor: PipeExecutor,
    private readonly deps: PipeDeps
  ) {}

  async process(batch: SourceRecord[], attempt: { shardId: string }): Promise<BatchOutcome> {
    const done = this.delivered.get(attempt.shardId) ?? new Set<string>();
    const pending = batch.filter((r) => !done.has(r.sequenceNumber));
    if (pending.length > 0) {
      const result = await this.executor.execute(
        pending.map((r) => ({
          id: r.sequenceNumber,
          event: pipeEvent(r, this.pipe()),
          arrivalMs: r.arrivalMs,
        }))
      );
      if (result.kind === 'failed') {
        this.delivered.set(attempt.shardId, done);
        return { kind: 'failed' };
      }
      if (result.kind === 'partial') {
        for (const r of pending)
          if (!result.failedIds.has(r.sequenceNumber)) done.add(r.sequenceNumber);
        this.delivered.set(attempt.shardId, done);
        return {
          kind: 'partial',
          failedIndex: batch.findIndex((r) => result.failedIds.has(r.sequenceNumber)),
        };
      }
    }
    this.delivered.delete(attempt.shardId);
    return { kind: 'success' };
  }

  async discard(batch: SourceRecord[], info: DiscardInfo): Promise<void> {
    const first = batch[0] as SourceRecord;
    const last = batch[batch.length - 1] as SourceRecord;
    this.delivered.delete(first.shardId);
    const pipe = this.pipe();
    const dlq = (sourceParams(pipe).DeadLetterConfig as { Arn?: string } | undefined)?.Arn;
    if (!dlq || !this.deps.sources.sqs) return;
    // The Lambda on-failure record's shape with the pipe's ARN (the Pipes DLQ format is UNCONFIRMED).
    const document = {
      requestContext: {
        requestId: randomUUID(),
        pipeArn: pipe.Arn,
        condition: info.condition,
        approximateInvokeCount: info.invokeCount,
      },
      version: '1.0',
      timestamp: new Date(this.deps.clock.now()).toISOString(),
      [this.source.kind === 'kinesis' ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo']: {
        shardId: first.shardId,
        startSequenceNumber: first.sequenceNumber,
        endSequenceNumber: last.sequenceNumber,
        approximateArrivalOfFirstRecord: new Date(first.arrivalMs).toISOString(),
        approximateArrivalOfLastRecord: new Date(last.arrivalMs).toISOString(),
        batchSize: batch.length,
        streamArn: this.source.arn,
      },
    };
    try {
      this.deps.sources.sqs.send(dlq, { MessageBody: JSON.stringify(document) });
    } catch {
      // the dead-letter queue is gone or refuses the message: the batch is dropped
    }
  }
}

/**
 * A stream record as a pipe receives it: DynamoDB records as Lambda gets them (C.3); Kinesis
 * records flattened (`data`, `partitionKey` ... at the top, as in the Pipes Kinesis event;
 * recalled from the Pipes guide, UNCONFIRMED in aws-facts).
 */
function pipeEvent(record: SourceRecord, pipe: Pipe): Record<string, unknown> {
  if (record.record.eventSource !== 'aws:kinesis') return record.record;
  const { kinesis, awsRegion, eventSourceARN, ...rest } = record.record as Record<
    string,
    unknown
  > & {
    kinesis: Record<string, unknown>;
  };
  return { ...rest, invokeIdentityArn: pipe.RoleArn, awsRegion, eventSourceARN, ...kinesis };
}

/** An SQS-source pipe: one worker, long polls; deletes what reached the target. */
class PipeSqsPoller {
  private controller?: AbortController;
  private running?: Promise<void>;
  /** The execution in flight (stop waits for it, not for a long poll, which cannot be cut short). */
  private handling?: Promise<unknown>;

  constructor(
    private readonly pipe: () => Pipe,
    private readonly sqs: SqsStore,
    private readonly executor: PipeExecutor,
    private readonly deps: PipeDeps
  ) {}

  start(): void {
    if (this.running) return;
    const controller = new AbortController();
    this.controller = controller;
    this.running = this.work(controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.handling;
    this.running = undefined;
  }

  private async work(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const pipe = this.pipe();
      const batchSize = Math.min(10, (sourceParams(pipe).BatchSize as number | undefined) ?? 10);
      let messages: ReceivedMessage[];
      try {
        messages =
          (
            await this.sqs.receive(pipe.Source, {
              maxNumberOfMessages: batchSize,
              waitTimeSeconds: 20,
              attributeNames: ['All'],
              messageAttributeNames: ['All'],
            })
          ).Messages ?? [];
      } catch {
        await this.deps.clock.sleep(quotas.esmSqsErrorBackoffMs.value, signal);
        continue;
      }
      if (messages.length === 0) continue;
      if (signal.aborted) {
        for (const m of messages) {
          try {
            this.sqs.changeVisibility(pipe.Source, m.ReceiptHandle, 0);
          } catch {
            // the queue is gone
          }
        }
        return;
      }
      const execution = this.executor.execute(
        messages.map((m) => ({
          id: m.MessageId,
          event: sqsRecord(m, pipe.Source, this.deps.region),
          arrivalMs: Number(m.Attributes?.SentTimestamp ?? this.deps.clock.now()),
        }))
      );
      this.handling = execution;
      const result = await execution;
      const delivered = messages.filter((m) => !result.failedIds.has(m.MessageId));
      for (let i = 0; i < delivered.length; i += 10) {
        try {
          this.sqs.deleteBatch(
            pipe.Source,
            delivered
              .slice(i, i + 10)
              .map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle }))
          );
        } catch {
          // the queue is gone
        }
      }
    }
  }
}

/** What runs a pipe while it is RUNNING. */
export interface PipeRunner {
  start(): void;
  stop(): Promise<void>;
}

/** The runner of a pipe's source, or a reason it cannot run. */
export function createPipeRunner(pipe: () => Pipe, deps: PipeDeps): PipeRunner | string {
  const current = pipe();
  const executor = new PipeExecutor(pipe, deps);
  const { kinesis, sqs, dynamodbStreams } = deps.sources;
  switch (pipeSourceKind(current.Source)) {
    case 'kinesis': {
      if (!kinesis) return 'Kinesis is not available in this emulator';
      const source = kinesisStreamSource(kinesis, current.Source);
      return streamRunner(pipe, source, executor, deps);
    }
    case 'dynamodb': {
      if (!dynamodbStreams) return 'DynamoDB Streams is not available in this emulator';
      const source = dynamoDbStreamSource(dynamodbStreams, current.Source, deps.region);
      return streamRunner(pipe, source, executor, deps);
    }
    case 'sqs':
      if (!sqs) return 'SQS is not available in this emulator';
      return new PipeSqsPoller(pipe, sqs, executor, deps);
    default:
      return `Unsupported source ${current.Source}`;
  }
}

function streamRunner(
  pipe: () => Pipe,
  source: StreamSource,
  executor: PipeExecutor,
  deps: PipeDeps
): PipeRunner {
  return new StreamPoller(
    source,
    () => pipeStreamSettings(pipe()),
    new PipeStreamHandler(pipe, source, executor, deps),
    deps.clock,
    STREAM_ESM_TIMING[source.kind]
  );
}

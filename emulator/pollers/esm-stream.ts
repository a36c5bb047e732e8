import type { EventSourceMapping } from '../core/integrations';
import { quotas } from '../core/quotas';
import { parseBatchResponse } from './batch-response';
import {
  type EsmPollerDeps,
  esmMetric,
  functionMetric,
  functionNameOf,
  invokeFunction,
  type LastAttempt,
  notInvokedResult,
  onFailureDocument,
} from './esm-common';
import {
  type BatchHandler,
  type BatchOutcome,
  type DiscardInfo,
  StreamPoller,
  type StreamPollerSettings,
} from './stream-poller';
import type { SourceRecord, StreamPosition, StreamSource } from './stream-source';

/** Poll timings of stream mappings (emulated ms). */
export const STREAM_ESM_TIMING = {
  kinesis: {
    pollIntervalMs: quotas.esmKinesisPollIntervalMs.value,
    retryDelayMs: quotas.esmKinesisPollIntervalMs.value,
    maxRetryDelayMs: quotas.esmMaxRetryDelayMs.value,
    discoveryIntervalMs: quotas.esmShardDiscoveryIntervalMs.value,
  },
  dynamodb: {
    pollIntervalMs: quotas.esmDynamoDbPollIntervalMs.value,
    retryDelayMs: quotas.esmDynamoDbPollIntervalMs.value,
    maxRetryDelayMs: quotas.esmMaxRetryDelayMs.value,
    discoveryIntervalMs: quotas.esmShardDiscoveryIntervalMs.value,
  },
} as const;

/** The poller settings of a Kinesis or DynamoDB stream mapping (aws-facts D.1 defaults). */
export function streamSettingsOf(mapping: EventSourceMapping): StreamPollerSettings {
  return {
    batchSize: mapping.BatchSize ?? 100,
    maximumBatchingWindowMs: (mapping.MaximumBatchingWindowInSeconds ?? 0) * 1000,
    startingPosition: startingPositionOf(
      mapping.StartingPosition ?? 'LATEST',
      mapping.StartingPositionTimestamp
    ),
    maximumRetryAttempts: mapping.MaximumRetryAttempts ?? -1,
    maximumRecordAgeMs:
      mapping.MaximumRecordAgeInSeconds === undefined || mapping.MaximumRecordAgeInSeconds < 0
        ? -1
        : mapping.MaximumRecordAgeInSeconds * 1000,
    bisectOnError: mapping.BisectBatchOnFunctionError ?? false,
    maxBatchBytes: quotas.lambdaSyncPayloadBytes.value,
  };
}

/** A StartingPosition (+ timestamp in epoch seconds) as a stream position. */
export function startingPositionOf(
  position: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP',
  timestampSeconds?: number
): StreamPosition {
  if (position === 'AT_TIMESTAMP') {
    return { type: 'AT_TIMESTAMP', timestampMs: (timestampSeconds ?? 0) * 1000 };
  }
  return { type: position };
}

/**
 * Sends a stream mapping's batches to its function (C.1/C.3 events), reads partial batch
 * responses, records IteratorAge and the opt-in ESM metrics, and sends given-up batches to the
 * on-failure destination in the C.4 format.
 */
export class StreamEsmHandler implements BatchHandler {
  /** The last invocation per shard (one batch in flight per shard). */
  private readonly last = new Map<string, LastAttempt>();

  constructor(
    private readonly mapping: () => EventSourceMapping,
    private readonly source: StreamSource,
    private readonly deps: EsmPollerDeps
  ) {}

  polled(count: number): void {
    esmMetric(this.deps, this.mapping(), 'PolledEventCount', count);
  }

  problem(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.deps.report(this.mapping().UUID, `PROBLEM: ${message}`);
  }

  async process(batch: SourceRecord[], attempt: { shardId: string }): Promise<BatchOutcome> {
    const mapping = this.mapping();
    const functionName = functionNameOf(mapping);
    const event = { Records: batch.map((r) => this.lambdaRecord(r, functionName)) };
    const lastRecord = batch[batch.length - 1] as SourceRecord;
    const sentAt = this.deps.clock.now();
    const invoked = await invokeFunction(this.deps, functionName, event);
    if (invoked.kind === 'notInvoked') {
      this.deps.report(mapping.UUID, notInvokedResult(invoked.error));
      return { kind: 'notInvoked' };
    }
    const { result } = invoked;
    // "the time between when a stream receives the record and when the event source mapping
    // sends the event to the function" (B.1), for the last record of the batch.
    functionMetric(
      this.deps,
      functionName,
      'IteratorAge',
      Math.max(0, sentAt - lastRecord.arrivalMs),
      'Milliseconds'
    );
    esmMetric(this.deps, mapping, 'InvokedEventCount', batch.length);
    this.last.set(attempt.shardId, {
      requestId: result.requestId,
      ...(result.functionError ? { functionError: result.functionError } : {}),
    });
    if (result.functionError) {
      esmMetric(this.deps, mapping, 'FailedInvokeEventCount', batch.length);
      this.deps.report(mapping.UUID, 'PROBLEM: Function call failed');
      return { kind: 'failed' };
    }
    if (mapping.FunctionResponseTypes?.includes('ReportBatchItemFailures')) {
      const ids = new Set(batch.map((r) => r.sequenceNumber));
      const response = parseBatchResponse(result.payload, ids);
      if (response.kind === 'invalid') {
        esmMetric(this.deps, mapping, 'FailedInvokeEventCount', batch.length);
        this.deps.report(mapping.UUID, 'PROBLEM: Function call failed');
        return { kind: 'failed' };
      }
      if (response.kind === 'partial') {
        esmMetric(this.deps, mapping, 'FailedInvokeEventCount', response.failedIds.length);
        this.deps.report(mapping.UUID, 'PROBLEM: Function call failed');
        const failed = new Set(response.failedIds);
        // "Lambda uses the record with the lowest sequence number as the checkpoint."
        return {
          kind: 'partial',
          failedIndex: batch.findIndex((r) => failed.has(r.sequenceNumber)),
        };
      }
    }
    this.deps.report(mapping.UUID, 'OK');
    return { kind: 'success' };
  }

  async discard(batch: SourceRecord[], info: DiscardInfo): Promise<void> {
    const mapping = this.mapping();
    const functionName = functionNameOf(mapping);
    const first = batch[0] as SourceRecord;
    const last = this.last.get(first.shardId);
    this.last.delete(first.shardId);
    const destination = mapping.DestinationConfig?.OnFailure?.Destination;
    if (!destination) {
      esmMetric(this.deps, mapping, 'DroppedEventCount', batch.length);
      return;
    }
    const document = onFailureDocument({
      kind: this.source.kind,
      functionArn: mapping.FunctionArn,
      condition: info.condition,
      invokeCount: info.invokeCount,
      ...(info.invokeCount > 0 && last ? { last } : {}),
      batch,
      streamArn: this.source.arn,
      now: this.deps.clock.now(),
    });
    try {
      if (!this.deps.sqs) throw new Error('no SQS service for the on-failure destination');
      this.deps.sqs.send(destination, { MessageBody: JSON.stringify(document) });
      esmMetric(this.deps, mapping, 'OnFailureDestinationDeliveredEventCount', batch.length);
    } catch {
      // B.1: DestinationDeliveryFailures gets 1 and DroppedEventCount the events not delivered.
      functionMetric(this.deps, functionName, 'DestinationDeliveryFailures', 1, 'Count');
      esmMetric(this.deps, mapping, 'DroppedEventCount', batch.length);
    }
  }

  /** The record as the function receives it: Kinesis records carry the function's role. */
  private lambdaRecord(record: SourceRecord, functionName: string): Record<string, unknown> {
    if (this.source.kind !== 'kinesis') return record.record;
    const { awsRegion, eventSourceARN, ...rest } = record.record;
    return {
      ...rest,
      invokeIdentityArn: this.deps.roleOf(functionName),
      awsRegion,
      eventSourceARN,
    };
  }
}

/** A Kinesis or DynamoDB stream mapping's poller. */
export function createStreamEsmPoller(
  mapping: () => EventSourceMapping,
  source: StreamSource,
  deps: EsmPollerDeps
): StreamPoller {
  return new StreamPoller(
    source,
    () => streamSettingsOf(mapping()),
    new StreamEsmHandler(mapping, source, deps),
    deps.clock,
    STREAM_ESM_TIMING[source.kind]
  );
}

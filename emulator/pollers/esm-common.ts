import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../core/clock';
import { AwsError } from '../core/errors';
import type { EventSourceMapping } from '../core/integrations';
import type { MetricSink } from '../core/metric-sink';
import type { InvokeResult } from '../runtime/function-config';
import type { LambdaRuntime } from '../runtime/lambda-runtime';
import type { SqsStore } from '../services/sqs/store';
import type { SourceRecord } from './stream-source';

/** What every event source mapping poller needs from the emulator. */
export interface EsmPollerDeps {
  clock: EmulatorClock;
  metrics: MetricSink;
  runtime: LambdaRuntime;
  region: string;
  accountId: string;
  /** The SQS store: SQS sources and on-failure destinations. */
  sqs?: SqsStore;
  /** The execution role ARN of a function (Kinesis events carry it as `invokeIdentityArn`). */
  roleOf(functionName: string): string;
  /** Records the mapping's LastProcessingResult (`OK`, `PROBLEM: ...`). */
  report(uuid: string, lastProcessingResult: string): void;
}

/** The function name of a mapping's FunctionArn (`arn:...:function:NAME[:qualifier]`). */
export function functionNameOf(mapping: EventSourceMapping): string {
  const arn = mapping.FunctionArn;
  const tail = arn.split(':function:')[1];
  return tail?.split(':')[0] ?? mapping.FunctionName;
}

/** Whether the mapping opted in to the EventCount metrics group. */
export function eventCountMetrics(mapping: EventSourceMapping): boolean {
  return mapping.MetricsConfig?.Metrics?.includes('EventCount') ?? false;
}

/**
 * Records one opt-in ESM metric (aws-facts B.1, group EventCount) in AWS/Lambda, Count, with
 * the single dimension `EventSourceMappingUUID`. The published dimension set is UNCONFIRMED
 * (aws-facts J.5); UUID alone is what the lab's dashboards query.
 */
export function esmMetric(
  deps: Pick<EsmPollerDeps, 'metrics' | 'clock'>,
  mapping: EventSourceMapping,
  metricName: string,
  value: number
): void {
  if (!eventCountMetrics(mapping)) return;
  deps.metrics.record({
    namespace: 'AWS/Lambda',
    metricName,
    dimensions: { EventSourceMappingUUID: mapping.UUID },
    value,
    unit: 'Count',
    timestamp: deps.clock.now(),
  });
}

/** Records an AWS/Lambda metric of the function (IteratorAge, DestinationDeliveryFailures). */
export function functionMetric(
  deps: Pick<EsmPollerDeps, 'metrics' | 'clock'>,
  functionName: string,
  metricName: string,
  value: number,
  unit: string
): void {
  deps.metrics.record({
    namespace: 'AWS/Lambda',
    metricName,
    dimensions: { FunctionName: functionName },
    value,
    unit,
    timestamp: deps.clock.now(),
  });
}

/** The result of one synchronous invocation made by a poller. */
export type PollerInvoke =
  | { kind: 'invoked'; result: InvokeResult }
  /** Throttled, function missing, payload refused: the function did not run. */
  | { kind: 'notInvoked'; error: AwsError };

/** Invokes the function with `event` as the Lambda service's poller does (synchronously). */
export async function invokeFunction(
  deps: EsmPollerDeps,
  functionName: string,
  event: unknown
): Promise<PollerInvoke> {
  try {
    const result = await deps.runtime.invoke(functionName, JSON.stringify(event));
    return { kind: 'invoked', result };
  } catch (error) {
    if (error instanceof AwsError) return { kind: 'notInvoked', error };
    throw error;
  }
}

/** LastProcessingResult for an invocation that did not happen. */
export function notInvokedResult(error: AwsError): string {
  if (error.code === 'TooManyRequestsException') return 'PROBLEM: Lambda throttled';
  if (error.code === 'ResourceNotFoundException') return 'PROBLEM: Function not found';
  return `PROBLEM: ${error.message}`;
}

/** What the on-failure document says about the last attempt. */
export interface LastAttempt {
  requestId: string;
  functionError?: string;
}

/**
 * The document a stream mapping sends to its on-failure destination (aws-facts C.4): one per
 * failed batch, no record data. `KinesisBatchInfo` for Kinesis, `DDBStreamBatchInfo` for
 * DynamoDB streams. `responseContext` is left out when the batch was never invoked (UNCONFIRMED).
 */
export function onFailureDocument(args: {
  kind: 'kinesis' | 'dynamodb';
  functionArn: string;
  condition: string;
  invokeCount: number;
  last?: LastAttempt;
  batch: SourceRecord[];
  streamArn: string;
  now: number;
}): Record<string, unknown> {
  const first = args.batch[0] as SourceRecord;
  const last = args.batch[args.batch.length - 1] as SourceRecord;
  const batchInfo = {
    shardId: first.shardId,
    startSequenceNumber: first.sequenceNumber,
    endSequenceNumber: last.sequenceNumber,
    approximateArrivalOfFirstRecord: new Date(first.arrivalMs).toISOString(),
    approximateArrivalOfLastRecord: new Date(last.arrivalMs).toISOString(),
    batchSize: args.batch.length,
    streamArn: args.streamArn,
  };
  return {
    requestContext: {
      requestId: args.last?.requestId ?? randomUUID(),
      functionArn: args.functionArn,
      condition: args.condition,
      approximateInvokeCount: args.invokeCount,
    },
    ...(args.last
      ? {
          responseContext: {
            statusCode: 200,
            executedVersion: '$LATEST',
            ...(args.last.functionError ? { functionError: args.last.functionError } : {}),
          },
        }
      : {}),
    version: '1.0',
    timestamp: new Date(args.now).toISOString(),
    [args.kind === 'kinesis' ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo']: batchInfo,
  };
}
